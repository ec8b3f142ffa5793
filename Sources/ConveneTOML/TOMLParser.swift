/// A hand-written scanner and parser for one TOML document, working directly on
/// its UTF-8 bytes.
///
/// It reads the document line by line (a line being a key/value pair, a header or
/// a comment), builds the tables as it goes and stops at the first error. Nesting
/// is recursive only through arrays and inline tables, and that is capped at
/// `TOML.maximumDepth`, so no input can exhaust the stack.
struct TOMLParser {
    /// One part of a dotted key, with where it was written.
    struct KeyPart {
        let name: String
        let offset: Int
        let position: SourcePosition
    }

    let bytes: [UInt8]
    var offset: Int
    var locator: SourceLocator
    /// The document's root table.
    let root: TableBuilder
    /// The table that key/value lines currently go into: the root, or the one the
    /// latest header opened.
    var section: TableBuilder
    /// The number of the current section, for telling dotted keys of this section
    /// from those of earlier ones; inline tables get numbers of their own.
    var scope = 0
    private var scopeCount = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        offset = start
        locator = SourceLocator(bytes: bytes, start: start)
        root = TableBuilder(origin: .header, position: SourcePosition(line: 1, column: 1), depth: 0)
        section = root
    }

    /// Reads the whole document.
    mutating func parseDocument() throws(TOMLParseError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard offset < bytes.count else { break }
            let byte = bytes[offset]
            if byte == ASCII.leftBracket {
                let header = try parseHeader()
                guard try skipToNextLine() else {
                    throw error("expected the end of the line after the header \(header), found \(found())")
                }
            } else if ASCII.isBareKeyByte(byte) || byte == ASCII.quote || byte == ASCII.apostrophe {
                let key = try parseKeyValue(into: section, scope: scope)
                guard try skipToNextLine() else {
                    throw error("expected the end of the line after the value of \(quoted(key)), found \(found())")
                }
            } else if try !skipToNextLine() {
                throw error("expected a key, a [table] header or a comment, found \(found())\(bareKeyHint())")
            }
        }
        return root.freeze()
    }

    /// A number for a new section or inline table.
    mutating func newScope() -> Int {
        scopeCount += 1
        return scopeCount
    }

    // MARK: Keys and key/value pairs

    /// Reads `key = value` and stores it in `table`; returns the key for messages.
    @discardableResult
    mutating func parseKeyValue(into table: TableBuilder, scope: Int) throws(TOMLParseError) -> [KeyPart] {
        let key = try parseKey(expecting: "a key")
        guard peek() == ASCII.equals else {
            throw error("expected '=' after the key \(quoted(key)), found \(found())\(bareKeyHint())")
        }
        offset += 1
        skipWhitespace()
        let value = try parseValue(depth: table.depth + key.count, of: key)
        try insert(value, at: key, into: table, scope: scope)
        return key
    }

    /// Reads a possibly dotted key and the whitespace after it.
    mutating func parseKey(expecting expected: String) throws(TOMLParseError) -> [KeyPart] {
        var parts: [KeyPart] = []
        parts.append(try parseKeyPart(expecting: expected))
        skipWhitespace()
        while peek() == ASCII.dot {
            offset += 1
            skipWhitespace()
            parts.append(try parseKeyPart(expecting: "a key after '.'"))
            skipWhitespace()
        }
        return parts
    }

    private mutating func parseKeyPart(expecting expected: String) throws(TOMLParseError) -> KeyPart {
        let start = offset
        let position = locator.position(at: start)
        let byte = peek()
        let name: String
        if ASCII.isBareKeyByte(byte) {
            while ASCII.isBareKeyByte(peek()) { offset += 1 }
            name = String(decoding: bytes[start..<offset], as: UTF8.self)
        } else if byte == ASCII.quote || byte == ASCII.apostrophe {
            if peek(1) == byte, peek(2) == byte {
                throw error("a key cannot be a multi-line string", at: start)
            }
            name = byte == ASCII.quote ? try parseBasicString() : try parseLiteralString()
        } else {
            throw error("expected \(expected), found \(found())")
        }
        return KeyPart(name: name, offset: start, position: position)
    }

    // MARK: Headers

    /// Reads `[a.b]` or `[[a.b]]`, makes the table it names the current section and
    /// returns the header as written, for messages.
    private mutating func parseHeader() throws(TOMLParseError) -> String {
        let start = offset
        let position = locator.position(at: start)
        let isArray = peek(1) == ASCII.leftBracket
        offset += isArray ? 2 : 1
        skipWhitespace()
        let key = try parseKey(expecting: isArray ? "a table name after '[['" : "a table name after '['")
        if isArray {
            guard peek() == ASCII.rightBracket, peek(1) == ASCII.rightBracket else {
                throw error("expected ']]' at the end of the header [[\(dotted(key))]], found \(found())")
            }
            offset += 2
            section = try appendTable(at: key, position: position, headerOffset: start)
            scope = newScope()
            return "[[\(dotted(key))]]"
        } else {
            guard peek() == ASCII.rightBracket else {
                throw error("expected ']' at the end of the header [\(dotted(key))], found \(found())")
            }
            offset += 1
            section = try openTable(at: key, position: position, headerOffset: start)
            scope = newScope()
            return "[\(dotted(key))]"
        }
    }

    // MARK: Whitespace, comments and line ends

    /// The byte `ahead` bytes on, or 0 past the end (0 is never valid TOML, so no
    /// rule mistakes the end for a character it accepts).
    @inline(__always)
    func peek(_ ahead: Int = 0) -> UInt8 {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : 0
    }

    mutating func skipWhitespace() {
        while offset < bytes.count, bytes[offset] == ASCII.space || bytes[offset] == ASCII.tab {
            offset += 1
        }
    }

    /// The length of the line break at `index` (LF or CRLF), or 0 if there is none.
    func lineBreakLength(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        if bytes[index] == ASCII.lineFeed { return 1 }
        if bytes[index] == ASCII.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == ASCII.lineFeed { return 2 }
        return 0
    }

    /// Skips whitespace and a comment, then the line break; false if something
    /// else is there. The end of the document counts as a line end.
    mutating func skipToNextLine() throws(TOMLParseError) -> Bool {
        skipWhitespace()
        if peek() == ASCII.hash { try skipComment() }
        if offset >= bytes.count { return true }
        let length = lineBreakLength(at: offset)
        offset += length
        return length > 0
    }

    /// Skips a comment up to (not including) its line break.
    mutating func skipComment() throws(TOMLParseError) {
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.lineFeed || lineBreakLength(at: offset) == 2 { return }
            if ASCII.isForbiddenControl(byte) {
                throw error("\(controlCharacter(byte)) is not allowed in a comment")
            }
            offset += 1
        }
    }
}
