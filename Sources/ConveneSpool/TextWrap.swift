/// Word wrapping for the plain-text letter, so that it reads well in any mail client,
/// including those that do not reflow text.
///
/// Widths are counted in `Character`s, as a reader sees them. Walking a `String`'s
/// characters is costly, so the wrapping is done on UTF-8 bytes, where it gives the
/// same lines: a space with ASCII on both sides is always a `Character` of its own, and
/// an ASCII word has as many `Character`s as bytes. Only a word with other letters is
/// counted as characters, and only a paragraph with a space next to one (which may
/// carry a combining accent) is split as characters.
enum TextWrap {
    /// Short enough to quote in a reply and stay within 78 characters.
    static let width = 72

    /// `text` wrapped at spaces, each paragraph (a line of `text`) on its own lines.
    /// The first line starts with `lead` and the others with as many spaces, for a
    /// labelled field ("When:    …"). A word longer than the width, such as a link,
    /// gets a line of its own rather than being broken.
    static func lines(_ text: String, lead: String = "", width: Int = width) -> [String] {
        let leadLength = lead.count
        let indent = [UInt8](repeating: UInt8(ascii: " "), count: leadLength)
        let (bytes, paragraphs) = paragraphs(of: text)
        var lines: [String] = []
        var line = Array(lead.utf8)
        // Kept alongside: the line's length in characters, not bytes.
        var length = leadLength
        var lineHasWords = false
        // Words one space apart in `text` are copied to the line together, as one run of
        // its bytes, rather than one by one.
        var run: Range<Int>?
        func finishLine() {
            if let copied = run { line.append(contentsOf: bytes[copied]) }
            run = nil
            var finished = String(decoding: line, as: UTF8.self)
            // Trailing spaces would survive only as `=20` in quoted-printable, for nothing.
            while finished.utf8.last == UInt8(ascii: " ") { finished.removeLast() }
            lines.append(finished)
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: indent)
            length = indent.count
            lineHasWords = false
        }
        for paragraph in paragraphs {
            for word in words(of: bytes[paragraph]) {
                if lineHasWords, length + 1 + word.length > width { finishLine() }
                if lineHasWords { length += 1 }
                if let current = run, current.upperBound + 1 == word.range.lowerBound {
                    run = current.lowerBound..<word.range.upperBound
                } else {
                    if let finished = run { line.append(contentsOf: bytes[finished]) }
                    if lineHasWords { line.append(UInt8(ascii: " ")) }
                    run = word.range
                }
                length += word.length
                lineHasWords = true
            }
            finishLine()
        }
        return lines
    }

    /// A word: where its bytes are, and its length in `Character`s.
    private typealias Word = (range: Range<Int>, length: Int)

    /// The words of a paragraph, split at single spaces (so runs of spaces leave no
    /// empty words).
    private static func words(of paragraph: ArraySlice<UInt8>) -> [Word] {
        let offset = paragraph.startIndex
        let found: [Word]? = paragraph.withUnsafeBufferPointer { bytes in
            var words: [Word] = []
            // Room for words of three letters on average, so that it seldom grows.
            words.reserveCapacity(bytes.count / 4 + 1)
            var start = 0
            var isASCII = true
            var previous: UInt8 = 0
            func addWord(endingAt end: Int) {
                guard end > start else { return }
                let length =
                    isASCII
                    ? end - start : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).count
                words.append((offset + start..<offset + end, length))
            }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                // A space next to other letters may belong to a longer `Character`
                // (before a combining accent), which is not a place to break.
                if (previous == UInt8(ascii: " ") && byte >= 0x80) || (byte == UInt8(ascii: " ") && previous >= 0x80) {
                    return nil
                }
                previous = byte
                if byte == UInt8(ascii: " ") {
                    addWord(endingAt: index)
                    start = index + 1
                    isASCII = true
                } else if byte >= 0x80 {
                    isASCII = false
                }
            }
            addWord(endingAt: bytes.count)
            return words
        }
        return found ?? characterWords(of: paragraph)
    }

    /// `words(of:)` the slow way, for a paragraph where a space stands next to a letter
    /// outside ASCII: split at the spaces that are `Character`s of their own. A word
    /// starts and ends at character boundaries, so it counts the same on its own.
    private static func characterWords(of paragraph: ArraySlice<UInt8>) -> [Word] {
        let text = String(decoding: paragraph, as: UTF8.self)
        return text.split(separator: " ").map { word in
            let start = paragraph.startIndex + text.utf8.distance(from: text.utf8.startIndex, to: word.startIndex)
            return (start..<start + word.utf8.count, word.count)
        }
    }

    /// The lines of `text`, whatever its line breaks, as ranges of its bytes; tabs and
    /// other control characters become spaces. Every line break and control is a
    /// `Character` of its own (CRLF apart), so this is done on bytes: LF, VT, FF, CR
    /// (CRLF as one), NEL (C2 85) and the line and paragraph separators (E2 80 A8/A9)
    /// are the `Character`s for which `isNewline` is true.
    private static func paragraphs(of text: String) -> (bytes: [UInt8], paragraphs: [Range<Int>]) {
        var bytes = Array(text.utf8)
        // Most texts are one paragraph with nothing to replace: no control, and no lead
        // byte of NEL or a separator.
        if !text.containsByte(where: { $0.isASCIIControl || $0 == 0xC2 || $0 == 0xE2 }) { return (bytes, [0..<bytes.count]) }
        var paragraphs: [Range<Int>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var newlineLength = 0
            switch byte {
            case 0x0D: newlineLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0x0A, 0x0B, 0x0C: newlineLength = 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: newlineLength = 2
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                newlineLength = 3
            default:
                if byte.isASCIIControl { bytes[index] = UInt8(ascii: " ") }
            }
            if newlineLength > 0 {
                paragraphs.append(start..<index)
                index += newlineLength
                start = index
            } else {
                index += 1
            }
        }
        paragraphs.append(start..<bytes.count)
        return (bytes, paragraphs)
    }
}
