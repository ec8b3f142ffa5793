/// Word wrapping for the plain-text letter, so that it reads well in any mail client,
/// including those that do not reflow text.
enum TextWrap {
    /// Short enough to quote in a reply and stay within 78 characters.
    static let width = 72

    /// `text` wrapped at spaces, each paragraph (a line of `text`) on its own lines.
    /// The first line starts with `lead` and the others with as many spaces, for a
    /// labelled field ("When:    …"). A word longer than the width, such as a link,
    /// gets a line of its own rather than being broken.
    static func lines(_ text: String, lead: String = "", width: Int = width) -> [String] {
        let indent = String(repeating: " ", count: lead.count)
        var lines: [String] = []
        var line = lead
        // Kept alongside: counting a String's characters walks the whole string.
        var length = lead.count
        var lineHasWords = false
        for paragraph in paragraphs(of: text) {
            for word in paragraph.split(separator: " ") {
                let wordLength = word.count
                if lineHasWords, length + 1 + wordLength > width {
                    lines.append(line)
                    line = indent
                    length = indent.count
                    lineHasWords = false
                }
                if lineHasWords {
                    line += " "
                    length += 1
                }
                line += word
                length += wordLength
                lineHasWords = true
            }
            lines.append(line)
            line = indent
            length = indent.count
            lineHasWords = false
        }
        // Trailing spaces would survive only as `=20` in quoted-printable, for nothing.
        return lines.map { line in
            var trimmed = line
            while trimmed.utf8.last == UInt8(ascii: " ") { trimmed.removeLast() }
            return trimmed
        }
    }

    /// The lines of `text`, whatever its line breaks; tabs and other control characters
    /// become spaces.
    private static func paragraphs(of text: String) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        for character in text {
            if character.isNewline {
                paragraphs.append(current)
                current = ""
            } else if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                current += " "
            } else {
                current.append(character)
            }
        }
        paragraphs.append(current)
        return paragraphs
    }
}
