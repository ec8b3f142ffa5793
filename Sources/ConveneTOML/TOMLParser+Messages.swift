/// How errors are made and how they name what the parser found, so that every
/// message reads "expected X, found Y" with Y shown as the person typed it.
extension TOMLParser {
    /// An error at `index` (the current offset unless given).
    mutating func error(_ message: String, at index: Int? = nil) -> TOMLParseError {
        TOMLParseError(position: locator.position(at: index ?? offset), message: message)
    }

    /// What is at `index` (the current offset unless given), for "found ..." .
    func found(at index: Int? = nil) -> String {
        let index = index ?? offset
        guard index < bytes.count else { return "the end of the document" }
        let byte = bytes[index]
        if lineBreakLength(at: index) > 0 { return "the end of the line" }
        if byte == ASCII.carriageReturn { return "a carriage return (U+000D) not followed by a line feed" }
        if ASCII.isForbiddenControl(byte) { return controlCharacter(byte) }
        // Show the whole character, however many bytes its UTF-8 form takes;
        // invisible ones (a no-break space, a byte order mark) by code point.
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80, end - index < 4 { end += 1 }
        let character = String(decoding: bytes[index..<end], as: UTF8.self)
        if let scalar = character.unicodeScalars.first, byte >= 0x80 {
            switch scalar.properties.generalCategory {
            case .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .privateUse, .unassigned,
                .nonspacingMark, .enclosingMark:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "the character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default:
                break
            }
        }
        return "'\(character)'"
    }

    /// A hint for a character outside ASCII where a key goes: the likely mistake
    /// is an unquoted key such as `café`.
    func bareKeyHint() -> String {
        offset < bytes.count && bytes[offset] >= 0x80
            ? " (a bare key may only contain A-Z, a-z, 0-9, '_' and '-'; put other keys in quotes)" : ""
    }

    /// "the control character U+0007", naming the code point as Unicode does.
    func controlCharacter(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "the control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// The source text of `start..<end`, for naming a bad number or date.
    func text(from start: Int, to end: Int) -> String {
        String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
    }

    /// A key as TOML would write it: `a.b`, `site."the hall"`.
    func dotted(_ key: some Collection<KeyPart>) -> String {
        key.map { part in
            if !part.name.isEmpty, part.name.utf8.allSatisfy(ASCII.isBareKeyByte) { return part.name }
            var escaped = "\""
            for scalar in part.name.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16, uppercase: true)
                        escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return escaped + "\""
        }.joined(separator: ".")
    }

    /// A key for a sentence: `"name"` in quotes, unless its own quotes already
    /// set it apart (`site."the hall"`).
    func quoted(_ key: some Collection<KeyPart>) -> String {
        let text = dotted(key)
        return text.contains("\"") ? text : "\"\(text)\""
    }
}
