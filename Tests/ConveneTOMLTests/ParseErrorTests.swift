import ConveneTOML
import Testing

/// A document that must be rejected, with the exact `LINE:COLUMN: message` expected.
struct InvalidDocument: Sendable, CustomTestStringConvertible {
    let text: String
    let error: String

    init(_ text: String, _ error: String) {
        self.text = text
        self.error = error
    }

    var testDescription: String { text.debugDescription }
}

@Suite struct ParseErrorTests {
    static let documents: [InvalidDocument] = [
        // Keys and the shape of a line
        .init("title = \"x\"\nname \"Parish\"\n", #"2:6: expected '=' after the key "name", found '"'"#),
        .init("a\n", #"1:2: expected '=' after the key "a", found the end of the line"#),
        .init("= 1\n", "1:1: expected a key, a [table] header or a comment, found '='"),
        .init("a. = 1\n", "1:4: expected a key after '.', found '='"),
        .init(
            "café = 1\n",
            #"1:4: expected '=' after the key "caf", found 'é' (a bare key may only contain A-Z, a-z, 0-9, '_' and '-'; put other keys in quotes)"#
        ),
        .init("\"\"\"k\"\"\" = 1\n", "1:1: a key cannot be a multi-line string"),
        .init("a = 1 b = 2\n", #"1:7: expected the end of the line after the value of "a", found 'b'"#),
        .init("a = \n", #"1:5: expected a value for the key "a", found the end of the line"#),
        .init("a = Council\n", #"1:5: expected a value for the key "a", found 'Council' (strings must be in quotes)"#),
        .init(
            "email = north.secretary@example.org # Jo\n",
            #"1:9: expected a value for the key "email", found an unquoted email address (strings must be in quotes)"#),
        .init(
            "contacts = [{ name = Jo Bloggs }]\n",
            #"1:22: expected a value for the key "name", found a name without quotes (strings must be in quotes)"#),
        .init(
            "email = 0800.helpline@example.org\n",
            #"1:9: expected a value for the key "email", found an unquoted email address (strings must be in quotes)"#),
        .init("a = [Café, 2]\n", #"1:6: expected a value or ']' in the array, found 'Café' (strings must be in quotes)"#),
        .init(
            "a = {b = https://example.org/x}\n",
            #"1:10: expected a value for the key "b", found 'https://example.org/x' (strings must be in quotes)"#),
        .init(
            "a = C\(String(repeating: "é", count: 50))\n",
            #"1:5: expected a value for the key "a", found 'C\#(String(repeating: "é", count: 39))…' (strings must be in quotes)"#
        ),
        .init(
            "a = 1\rb = 2\n",
            #"1:6: expected the end of the line after the value of "a", found a carriage return (U+000D) not followed by a line feed"#
        ),
        .init(
            "a = 1\n\u{FEFF}b = 2\n",
            "2:1: expected a key, a [table] header or a comment, found the character U+FEFF (a bare key may only contain A-Z, a-z, 0-9, '_' and '-'; put other keys in quotes)"
        ),
        // Redefinitions
        .init("a = 1\n\"a\" = 2\n", #"2:1: the key "a" is defined twice (first at 1:1)"#),
        .init("[venue]\nid = 1\n[other]\n[venue]\n", "4:1: the table [venue] is defined twice (first at 1:1)"),
        .init("[a]\nb.c = 1\n[a.b]\n", "3:1: the table [a.b] is defined twice (first by dotted keys at 2:1)"),
        .init(
            "[a.b]\n[a]\nb.c = 1\n", #"3:1: the dotted key "b.c" cannot extend the table [a.b], which its header defined at 1:1"#),
        .init(
            "a.b = 1\na.b.c = 2\n", #"2:3: the dotted key "a.b.c" needs "a.b" to be a table, but it is an integer defined at 1:3"#
        ),
        .init(
            "a = {b = 1}\na.c = 2\n",
            #"2:1: the dotted key "a.c" needs "a" to be a table, but it is an inline table (which cannot be extended) defined at 1:1"#
        ),
        .init(
            "a = {b = 1}\n[a.c]\n",
            #"2:1: cannot define the table [a.c]: "a" is already an inline table (which cannot be extended) defined at 1:1"#),
        .init(
            "a = []\n[[a]]\n",
            #"2:1: cannot define the array of tables [[a]]: "a" is already a static array (which cannot be extended) defined at 1:1"#
        ),
        .init("[[a]]\n[a]\n", "2:1: the table [a] is already defined as an array of tables at 1:1"),
        .init("[a]\n[[a]]\n", #"2:1: cannot define the array of tables [[a]]: "a" is already a table defined at 1:1"#),
        .init("a = 1\n[a.b]\n", #"2:1: cannot define the table [a.b]: "a" is already an integer defined at 1:1"#),
        .init("a = {b = 1, b = 2}\n", #"1:13: the key "b" is defined twice (first at 1:6)"#),
        // Headers
        .init("[a]x\n", "1:4: expected the end of the line after the header [a], found 'x'"),
        .init("[a\n", "1:3: expected ']' at the end of the header [a], found the end of the line"),
        .init("[[a]\n", "1:4: expected ']]' at the end of the header [[a]], found ']'"),
        .init("[]\n", "1:2: expected a table name after '[', found ']'"),
        // Strings and comments
        .init("a = 1\nname = \"Parish\n", "2:8: unterminated string (expected a closing '\"' before the end of the line)"),
        .init("a = 'abc\n", "1:5: unterminated string (expected a closing \"'\" before the end of the line)"),
        .init("a = \"\"\"abc\n", "1:5: unterminated multi-line string (expected a closing '\"\"\"')"),
        .init(#"a = "\x41""#, #"1:6: invalid escape sequence \x (the escapes are \b \t \n \f \r \" \\ \uXXXX and \UXXXXXXXX)"#),
        .init(#"a = "\uD800""#, #"1:6: the escape \uD800 is not a Unicode scalar value"#),
        .init(#"a = "\u12""#, #"1:6: invalid escape sequence: \u needs 4 hexadecimal digits, found '"'"#),
        .init(
            "a = \"\"\"\\  x\n\"\"\"\n",
            #"1:8: a '\' at the end of a line may only be followed by whitespace, found 'x' (write '\\' for a backslash)"#),
        .init("a = \"a\u{1}b\"\n", "1:7: the control character U+0001 must be escaped in a string"),
        .init("a = 1 # bell \u{7}\n", "1:14: the control character U+0007 is not allowed in a comment"),
        // Numbers
        .init("a = 01\n", "1:5: invalid number 01: leading zeros are not allowed"),
        .init("a = 1__0\n", "1:5: invalid number 1__0: an underscore must stand between two digits"),
        .init(
            "a = 9223372036854775808\n",
            "1:5: the integer 9223372036854775808 is out of range (a 64-bit integer is from -9223372036854775808 to 9223372036854775807)"
        ),
        .init("a = +0x10\n", "1:5: invalid integer +0x10: a hexadecimal, octal or binary integer cannot have a sign"),
        .init("a = 0o78\n", "1:5: invalid integer 0o78: '8' is not an octal digit"),
        .init("a = 1.\n", "1:5: invalid float 1.: a decimal point must have digits on both sides"),
        .init("a = 1e\n", "1:5: invalid float 1e: the exponent needs digits"),
        // Dates and times
        .init("\n\n\n\nwhen = 2026-02-30\n", "5:8: invalid date 2026-02-30"),
        .init("a = 2026-02-28T25:00:00\n", "1:5: invalid time 25:00:00"),
        .init("a = 07:32\n", "1:5: invalid time in 07:32 (expected HH:MM:SS; TOML 1.0 requires the seconds)"),
        .init(
            "a = 1979-05-27T07:32:00+0700\n",
            "1:5: invalid date-time 1979-05-27T07:32:00+0700: expected Z or an offset such as +01:00 after the time"),
        // Arrays and inline tables
        .init("a = [1 2]\n", "1:8: expected ',' or ']' after an element of the array, found '2'"),
        .init("a = [1,,2]\n", "1:8: expected a value or ']' in the array, found ','"),
        .init("a = [1,\n2\n", "1:5: unterminated array: the document ends before the ']' that closes it"),
        .init("a = {b = 1,}\n", "1:11: a trailing comma is not allowed in an inline table"),
        .init(
            "a = {b = 1\n}\n",
            #"1:11: an inline table must be on one line: expected ',' or '}' after the value of "b", found the end of the line"#),
        .init("a = {b = 1", "1:5: unterminated inline table: the document ends before the '}' that closes it"),
    ]

    @Test(arguments: documents)
    func invalidDocumentsAreRejectedWhereTheProblemIs(document: InvalidDocument) {
        #expect(parseError(document.text)?.description == document.error)
    }

    @Test func theTableCoversEveryKindOfError() {
        #expect(Self.documents.count >= 25)
    }
}
