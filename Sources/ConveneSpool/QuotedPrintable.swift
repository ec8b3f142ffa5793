/// The quoted-printable transfer encoding (RFC 2045 §6.7) for the message's two parts.
///
/// Chosen over 8bit because a forum secretary may forward the message through any mail
/// system: quoted-printable is 7-bit clean, keeps every line within 76 characters with
/// soft breaks (a long link included), and leaves English text readable in the raw
/// file. It also can never produce a line starting `=_`, which is what makes the MIME
/// boundary (`=_` and the notification id) safe without looking at the content.
enum QuotedPrintable {
    /// Characters before a soft line break's `=`, so that no line exceeds 76.
    static let lineLength = 75

    /// `text` encoded, its line breaks (LF or CRLF) written as CRLF.
    static func encode(_ text: String) -> String {
        var out = ""
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { out += "\r\n" }
            out += encode(line: line)
        }
        return out
    }

    /// One line, with soft breaks. Breaks fall between characters, never inside the
    /// escapes of one UTF-8 sequence, so each physical line decodes to whole letters.
    private static func encode(line: Substring.UnicodeScalarView) -> String {
        var out = ""
        var length = 0
        let scalars = Array(line)
        for (index, scalar) in scalars.enumerated() {
            let isLast = index == scalars.count - 1
            let piece = encoded(scalar, atEndOfLine: isLast)
            if length + piece.utf8.count > lineLength {
                out += "=\r\n"
                length = 0
            }
            out += piece
            length += piece.utf8.count
        }
        return out
    }

    /// Printable ASCII but `=` stays as it is; so do space and tab, except at the end of
    /// a line, where mail systems may strip them.
    private static func encoded(_ scalar: Unicode.Scalar, atEndOfLine: Bool) -> String {
        let value = scalar.value
        if value >= 33, value <= 126, scalar != "=" { return String(Character(scalar)) }
        if scalar == " " || scalar == "\t", !atEndOfLine { return String(Character(scalar)) }
        var out = ""
        for byte in String(Character(scalar)).utf8 { out += Hex.escape(byte) }
        return out
    }

    /// Lines split at LF, CRLF or a lone CR; the final empty line after a closing
    /// break is kept, so a text ending in a break encodes to one ending in CRLF.
    private static func lines(of text: String) -> [Substring.UnicodeScalarView] {
        var result: [Substring.UnicodeScalarView] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                result.append(scalars[start..<index])
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        result.append(scalars[start..<scalars.endIndex])
        return result
    }
}
