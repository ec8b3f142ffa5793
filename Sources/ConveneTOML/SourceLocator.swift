/// Turns byte offsets into line and column numbers.
///
/// The scanner works on byte offsets and asks for a position only for keys, values
/// and errors, nearly always further on than the last one asked for; so the locator
/// remembers where it stopped and counts on from there, which keeps the whole
/// document linear instead of recounting each line.
struct SourceLocator {
    private let bytes: [UInt8]
    /// Where the document proper starts: after a byte order mark, if any.
    private let start: Int
    private var offset: Int
    private var line = 1
    private var column = 1
    private var lineStart: Int

    init(bytes: [UInt8], start: Int) {
        self.bytes = bytes
        self.start = start
        self.offset = start
        self.lineStart = start
    }

    /// The line and column of the byte at `target` (clamped to the document).
    mutating func position(at target: Int) -> SourcePosition {
        let target = min(max(target, start), bytes.count)
        if target < offset {
            // Going back is rare (only for some errors): restart from the line's
            // beginning if that is enough, else from the top.
            if target < lineStart {
                line = 1
                lineStart = start
            }
            offset = lineStart
            column = 1
        }
        while offset < target {
            let byte = bytes[offset]
            if byte == ASCII.lineFeed {
                line += 1
                column = 1
                lineStart = offset + 1
            } else if byte & 0xC0 != 0x80 {
                // Only the first byte of a UTF-8 sequence starts a new scalar.
                column += 1
            }
            offset += 1
        }
        return SourcePosition(line: line, column: column)
    }
}
