/// The quoted-printable transfer encoding (RFC 2045 §6.7) for the message's two parts.
///
/// Chosen over 8bit because a forum secretary may forward the message through any mail
/// system: quoted-printable is 7-bit clean, keeps every line within 76 characters with
/// soft breaks (a long link included), and leaves English text readable in the raw
/// file. It also can never produce a line starting `=_`, which is what makes the MIME
/// boundary (`=_` and the notification id) safe without looking at the content.
///
/// It works on UTF-8 bytes: every line break and every character left as it is are
/// ASCII, so the bytes say all the scalars would, at a fraction of the cost.
enum QuotedPrintable {
    /// Characters before a soft line break's `=`, so that no line exceeds 76.
    static let lineLength = 75

    /// `text` encoded, its line breaks (LF or CRLF) written as CRLF.
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        encode(Array(text.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` (UTF-8) encoded and appended to `out`. Lines are split at LF, CRLF or a
    /// lone CR; the final empty line after a closing break is kept, so a text ending in
    /// a break encodes to one ending in CRLF.
    ///
    /// Breaks fall between characters, never inside the escapes of one UTF-8 sequence,
    /// so each physical line decodes to whole letters.
    static func encode(_ text: [UInt8], into out: inout [UInt8]) {
        // Every byte in gives at most three out (`=C3`, or CRLF for a lone LF), and a
        // soft break (three more) comes only after at least 64 bytes out, so four times
        // the input is always room enough. This runs over every byte of every message,
        // hence the pointers rather than `Array.append`.
        let encoded = [UInt8](unsafeUninitializedCapacity: 4 * text.count + 3) { buffer, count in
            text.withUnsafeBufferPointer { text in
                var writer = Writer(buffer: buffer)
                var index = 0
                while index < text.count {
                    let byte = text[index]
                    let size: Int
                    let isLiteral: Bool
                    // Printable ASCII but `=` stays as it is; so do space and tab, except at
                    // the end of a line, where mail systems may strip them.
                    switch byte {
                    case 33...126 where byte != UInt8(ascii: "="):
                        (size, isLiteral) = (1, true)
                    case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                        writer.lineBreak()
                        let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < text.count && text[index + 1] == UInt8(ascii: "\n")
                        index += isCRLF ? 2 : 1
                        continue
                    case UInt8(ascii: " "), UInt8(ascii: "\t"):
                        let isLast =
                            index + 1 == text.count || text[index + 1] == UInt8(ascii: "\n")
                            || text[index + 1] == UInt8(ascii: "\r")
                        (size, isLiteral) = (1, !isLast)
                    default:
                        // Never past the end, even if handed a broken sequence.
                        (size, isLiteral) = (min(byte.utf8SequenceLength, text.count - index), false)
                    }
                    if isLiteral {
                        writer.reserve(1)
                        writer.put(byte)
                    } else {
                        writer.reserve(3 * size)
                        for escaped in text[index..<index + size] {
                            writer.put(UInt8(ascii: "="))
                            writer.put(Hex.digit(escaped >> 4))
                            writer.put(Hex.digit(escaped & 0x0F))
                        }
                    }
                    index += size
                }
                count = writer.count
            }
        }
        out.append(contentsOf: encoded)
    }

    /// Encoded bytes going into their buffer, and the length of the physical line so far.
    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        var lineLength = 0

        /// Makes room on the line for a piece `length` bytes long, with a soft break if
        /// it would not fit.
        mutating func reserve(_ length: Int) {
            if lineLength + length > QuotedPrintable.lineLength {
                put(UInt8(ascii: "="))
                lineBreak()
            }
            lineLength += length
        }

        mutating func lineBreak() {
            put(UInt8(ascii: "\r"))
            put(UInt8(ascii: "\n"))
            lineLength = 0
        }

        mutating func put(_ byte: UInt8) {
            precondition(count < buffer.count)
            buffer[count] = byte
            count += 1
        }
    }
}
