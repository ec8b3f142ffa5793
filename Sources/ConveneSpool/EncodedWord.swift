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
    static func isNeeded(for word: String) -> Bool {
        // A byte outside printable ASCII is one of a scalar outside it. Without one, every
        // byte is a `Character`, so looking for `=?` in the bytes finds what `contains`
        // on the characters would.
        word.withUTF8Bytes { bytes in
            var afterEquals = false
            for byte in bytes {
                if byte < 0x20 || byte > 0x7E || (afterEquals && byte == UInt8(ascii: "?")) { return true }
                afterEquals = byte == UInt8(ascii: "=")
            }
            return false
        }
    }

    /// `text` as encoded-words: the first at most `firstLength` characters long, the
    /// rest at most `maximumLength`. Words end between Unicode scalars, so none holds
    /// part of a UTF-8 sequence, and a space is written `_`, so none is lost between
    /// two adjacent words (whose separating white space a reader removes).
    static func words(_ text: String, firstLength: Int = maximumLength) -> [String] {
        let overhead = prefix.utf8.count + suffix.utf8.count
        let bytes = Array(text.utf8)
        var words: [String] = []
        var current: [UInt8] = []
        var limit = firstLength
        func finishWord() {
            words.append(prefix + String(decoding: current, as: UTF8.self) + suffix)
        }
        var index = 0
        while index < bytes.count {
            let size = bytes[index].utf8SequenceLength
            let literal = size == 1 && (bytes[index] == UInt8(ascii: " ") || isLiteral(bytes[index]))
            let pieceLength = literal ? 1 : 3 * size
            if !current.isEmpty, overhead + current.count + pieceLength > limit {
                finishWord()
                current.removeAll(keepingCapacity: true)
                limit = maximumLength
            }
            if literal {
                current.append(bytes[index] == UInt8(ascii: " ") ? UInt8(ascii: "_") : bytes[index])
            } else {
                for byte in bytes[index..<index + size] { Hex.appendEscape(byte, to: &current) }
            }
            index += size
        }
        if !current.isEmpty || words.isEmpty { finishWord() }
        return words
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
