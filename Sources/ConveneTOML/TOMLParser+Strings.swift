/// The four kinds of string: basic ("..."), literal ('...'), and their multi-line
/// forms. Strings are copied out as bytes and decoded once at the end; the input
/// is valid UTF-8 and cuts only fall on ASCII delimiters, so decoding never repairs.
extension TOMLParser {
    /// Reads a basic string on one line, resolving escapes.
    mutating func parseBasicString() throws(TOMLParseError) -> String {
        let start = offset
        offset += 1
        var buffer: [UInt8] = []
        var run = offset
        var escaped = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.quote {
                // Without escapes the string is the source text itself: no copy.
                let value: String
                if escaped {
                    buffer.append(contentsOf: bytes[run..<offset])
                    value = String(decoding: buffer, as: UTF8.self)
                } else {
                    value = String(decoding: bytes[run..<offset], as: UTF8.self)
                }
                offset += 1
                return value
            } else if byte == ASCII.backslash {
                buffer.append(contentsOf: bytes[run..<offset])
                try parseEscape(into: &buffer, multiline: false)
                run = offset
                escaped = true
            } else if lineBreakLength(at: offset) > 0 {
                break
            } else if ASCII.isForbiddenControl(byte) {
                throw error("\(controlCharacter(byte)) must be escaped in a string")
            } else {
                offset += 1
            }
        }
        throw error("unterminated string (expected a closing '\"' before the end of the line)", at: start)
    }

    /// Reads a multi-line basic string: a line break right after the opening
    /// quotes is dropped, CRLF becomes LF, and a backslash at the end of a line
    /// removes the break and the whitespace that follows.
    mutating func parseMultilineBasicString() throws(TOMLParseError) -> String {
        let start = offset
        offset += 3
        offset += lineBreakLength(at: offset)
        var buffer: [UInt8] = []
        var run = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.quote {
                if peek(1) == ASCII.quote, peek(2) == ASCII.quote {
                    let extra = closingQuoteExtra(ASCII.quote)
                    buffer.append(contentsOf: bytes[run..<offset + extra])
                    offset += 3 + extra
                    return String(decoding: buffer, as: UTF8.self)
                }
                offset += 1
            } else if byte == ASCII.backslash {
                buffer.append(contentsOf: bytes[run..<offset])
                try parseEscape(into: &buffer, multiline: true)
                run = offset
            } else if byte == ASCII.carriageReturn, peek(1) == ASCII.lineFeed {
                buffer.append(contentsOf: bytes[run..<offset])
                buffer.append(ASCII.lineFeed)
                offset += 2
                run = offset
            } else if byte != ASCII.lineFeed, ASCII.isForbiddenControl(byte) {
                throw error("\(controlCharacter(byte)) must be escaped in a string")
            } else {
                offset += 1
            }
        }
        throw error("unterminated multi-line string (expected a closing '\"\"\"')", at: start)
    }

    /// Reads a literal string on one line: no escapes.
    mutating func parseLiteralString() throws(TOMLParseError) -> String {
        let start = offset
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.apostrophe {
                offset += 1
                return String(decoding: bytes[start + 1..<offset - 1], as: UTF8.self)
            } else if lineBreakLength(at: offset) > 0 {
                break
            } else if ASCII.isForbiddenControl(byte) {
                throw error("\(controlCharacter(byte)) is not allowed in a literal string")
            }
            offset += 1
        }
        throw error("unterminated string (expected a closing \"'\" before the end of the line)", at: start)
    }

    /// Reads a multi-line literal string: no escapes; a line break right after the
    /// opening quotes is dropped and CRLF becomes LF.
    mutating func parseMultilineLiteralString() throws(TOMLParseError) -> String {
        let start = offset
        offset += 3
        offset += lineBreakLength(at: offset)
        var buffer: [UInt8] = []
        var run = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == ASCII.apostrophe, peek(1) == ASCII.apostrophe, peek(2) == ASCII.apostrophe {
                let extra = closingQuoteExtra(ASCII.apostrophe)
                buffer.append(contentsOf: bytes[run..<offset + extra])
                offset += 3 + extra
                return String(decoding: buffer, as: UTF8.self)
            } else if byte == ASCII.carriageReturn, peek(1) == ASCII.lineFeed {
                buffer.append(contentsOf: bytes[run..<offset])
                buffer.append(ASCII.lineFeed)
                offset += 2
                run = offset
            } else if byte != ASCII.lineFeed, ASCII.isForbiddenControl(byte) {
                throw error("\(controlCharacter(byte)) is not allowed in a literal string")
            } else {
                offset += 1
            }
        }
        throw error("unterminated multi-line string (expected a closing \"'''\")", at: start)
    }

    /// At a run of three or more closing quotes, how many (up to two) belong to
    /// the content: `"""a""""` ends in `a"`. A sixth quote is left for the caller,
    /// which rejects it.
    private func closingQuoteExtra(_ quote: UInt8) -> Int {
        var extra = 0
        while extra < 2, peek(3 + extra) == quote { extra += 1 }
        return extra
    }

    /// Reads the escape sequence at the current backslash into `buffer`.
    private mutating func parseEscape(into buffer: inout [UInt8], multiline: Bool) throws(TOMLParseError) {
        let start = offset
        let code = peek(1)
        let simple: UInt8? =
            switch code {
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "r"): 0x0D
            case ASCII.quote: ASCII.quote
            case ASCII.backslash: ASCII.backslash
            default: nil
            }
        if let simple {
            buffer.append(simple)
            offset += 2
        } else if code == UInt8(ascii: "u") || code == UInt8(ascii: "U") {
            try parseUnicodeEscape(into: &buffer, digits: code == UInt8(ascii: "u") ? 4 : 8)
        } else if multiline, code == ASCII.space || code == ASCII.tab || lineBreakLength(at: start + 1) > 0 {
            try skipLineEndingBackslash()
        } else if start + 1 >= bytes.count {
            throw error("unterminated string (the document ends after a '\\')", at: start)
        } else if lineBreakLength(at: start + 1) > 0 || ASCII.isForbiddenControl(code) {
            throw error("invalid escape sequence: '\\' followed by \(found(at: start + 1))", at: start)
        } else {
            throw error(
                "invalid escape sequence \(text(from: start, to: start + 2)) (the escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX)",
                at: start)
        }
    }

    private mutating func parseUnicodeEscape(into buffer: inout [UInt8], digits: Int) throws(TOMLParseError) {
        let start = offset
        var value: UInt32 = 0
        for index in 0..<digits {
            let digit = peek(2 + index)
            guard ASCII.isHexDigit(digit) else {
                let letter = digits == 4 ? "u" : "U"
                throw error(
                    "invalid escape sequence: \\\(letter) needs \(digits) hexadecimal digits, found \(found(at: offset + 2 + index))",
                    at: start)
            }
            value = value << 4 | ASCII.hexValue(digit)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("the escape \(text(from: start, to: start + 2 + digits)) is not a Unicode scalar value", at: start)
        }
        Unicode.UTF8.encode(scalar) { buffer.append($0) }
        offset += 2 + digits
    }

    /// A backslash followed by whitespace up to the end of the line removes the
    /// line break and all whitespace and line breaks after it.
    private mutating func skipLineEndingBackslash() throws(TOMLParseError) {
        let start = offset
        offset += 1
        skipWhitespace()
        guard offset < bytes.count else { return }
        guard lineBreakLength(at: offset) > 0 else {
            throw error(
                "a '\\' at the end of a line may only be followed by whitespace, found \(found()) (write '\\\\' for a backslash)",
                at: start)
        }
        while offset < bytes.count {
            let length = lineBreakLength(at: offset)
            if length > 0 {
                offset += length
            } else if bytes[offset] == ASCII.space || bytes[offset] == ASCII.tab {
                offset += 1
            } else {
                break
            }
        }
    }
}
