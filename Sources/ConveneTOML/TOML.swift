/// The entry point: TOML text in, a table of positioned values out.
public enum TOML {
    /// The deepest nesting of tables and arrays a document may have. The limit keeps
    /// hostile input from exhausting the stack; real configuration is a few levels.
    public static let maximumDepth = 128

    /// Parses a TOML 1.0.0 document (a UTF-8 byte order mark at the start is
    /// allowed) into its root table, or throws at the first problem.
    public static func parse(_ text: String) throws(TOMLParseError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }
}
