/// RFC 2047 encoded-words, so that names and subjects with letters such as é or ŷ
/// survive mail systems that carry only ASCII headers.
///
/// The "Q" encoding is used rather than "B": an ASCII-heavy name stays half readable
/// in the raw message. Only letters, digits and `!*+-/` are left as they are, the set
/// RFC 2047 §5(3) allows inside a phrase, so the same words are valid in a display
/// name and in a Subject.
enum EncodedWord {
    static let prefix = "=?utf-8?q?"
    static let suffix = "?="
    /// The longest an encoded-word may be (RFC 2047 §2).
    static let maximumLength = 75
    /// Room needed to start an encoded-word at the end of a line: the wrapper and one
    /// four-byte character.
    static let minimumLength = prefix.utf8.count + suffix.utf8.count + 12

    /// Whether a word of a header value must be encoded: anything outside printable
    /// ASCII, and text that would otherwise be taken for an encoded-word (`=?`).
    static func isNeeded(for word: some StringProtocol) -> Bool {
        word.unicodeScalars.contains { $0.value < 0x20 || $0.value > 0x7E } || word.contains("=?")
    }

    /// `text` as encoded-words: the first at most `firstLength` characters long, the
    /// rest at most `maximumLength`. Words end between Unicode scalars, so none holds
    /// part of a UTF-8 sequence, and a space is written `_`, so none is lost between
    /// two adjacent words (whose separating white space a reader removes).
    static func words(_ text: String, firstLength: Int = maximumLength) -> [String] {
        let overhead = prefix.utf8.count + suffix.utf8.count
        var words: [String] = []
        var current = ""
        var limit = firstLength
        for scalar in text.unicodeScalars {
            let piece = encoded(scalar)
            if !current.isEmpty, overhead + current.utf8.count + piece.utf8.count > limit {
                words.append(prefix + current + suffix)
                current = ""
                limit = maximumLength
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    /// One scalar in the Q encoding.
    static func encoded(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " { return "_" }
        if scalar.isASCII, isLiteral(UInt8(scalar.value)) { return String(Character(scalar)) }
        var out = ""
        for byte in String(Character(scalar)).utf8 { out += Hex.escape(byte) }
        return out
    }

    private static func isLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }
}
