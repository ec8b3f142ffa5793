/// Values: strings, arrays and inline tables by their first character, and the
/// bare rest (booleans, numbers, dates and times) by the run of characters that
/// can form them.
extension TOMLParser {
    /// Reads one value; `depth` is how many tables and arrays enclose it, and `key`
    /// is the key it belongs to (nil in an array), named if the value is missing.
    mutating func parseValue(depth: Int, of key: [KeyPart]?) throws(TOMLParseError) -> TOMLNode {
        let start = offset
        let position = locator.position(at: start)
        let value: TOMLValue
        switch peek() {
        case ASCII.quote:
            let multiline = peek(1) == ASCII.quote && peek(2) == ASCII.quote
            value = .string(multiline ? try parseMultilineBasicString() : try parseBasicString())
        case ASCII.apostrophe:
            let multiline = peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe
            value = .string(multiline ? try parseMultilineLiteralString() : try parseLiteralString())
        case ASCII.leftBracket:
            value = try parseArray(depth: depth, position: position)
        case ASCII.leftBrace:
            value = try parseInlineTable(depth: depth, position: position)
        default:
            value = try parseBareValue(of: key)
        }
        return TOMLNode(value: value, position: position)
    }

    private mutating func parseArray(depth: Int, position: SourcePosition) throws(TOMLParseError) -> TOMLValue {
        let start = offset
        guard depth <= TOML.maximumDepth else { throw tooDeep() }
        offset += 1
        var elements: [TOMLNode] = []
        try skipArrayFiller()
        while peek() != ASCII.rightBracket {
            guard offset < bytes.count else { throw unterminated("array", "']'", at: start) }
            elements.append(try parseValue(depth: depth + 1, of: nil))
            try skipArrayFiller()
            if peek() == ASCII.comma {
                offset += 1
                try skipArrayFiller()
            } else if peek() != ASCII.rightBracket {
                guard offset < bytes.count else { throw unterminated("array", "']'", at: start) }
                throw error("expected ',' or ']' after an element of the array, found \(found())")
            }
        }
        offset += 1
        return .array(elements)
    }

    /// Skips what may stand between array elements: whitespace, line breaks and comments.
    private mutating func skipArrayFiller() throws(TOMLParseError) {
        while true {
            skipWhitespace()
            let length = lineBreakLength(at: offset)
            if length > 0 {
                offset += length
            } else if peek() == ASCII.hash {
                try skipComment()
            } else {
                return
            }
        }
    }

    private mutating func parseInlineTable(depth: Int, position: SourcePosition) throws(TOMLParseError) -> TOMLValue {
        let start = offset
        guard depth <= TOML.maximumDepth else { throw tooDeep() }
        let table = TableBuilder(origin: .header, position: position, depth: depth)
        let scope = newScope()
        offset += 1
        skipWhitespace()
        if peek() == ASCII.rightBrace {
            offset += 1
            return .table(table.freeze())
        }
        while true {
            let byte = peek()
            guard ASCII.isBareKeyByte(byte) || byte == ASCII.quote || byte == ASCII.apostrophe else {
                throw inlineTableError("a key", start: start, position: position)
            }
            let key = try parseKeyValue(into: table, scope: scope)
            skipWhitespace()
            if peek() == ASCII.rightBrace {
                offset += 1
                return .table(table.freeze())
            }
            guard peek() == ASCII.comma else {
                throw inlineTableError("',' or '}' after the value of \(quoted(key))", start: start, position: position)
            }
            let comma = offset
            offset += 1
            skipWhitespace()
            if peek() == ASCII.rightBrace {
                throw error("a trailing comma is not allowed in an inline table", at: comma)
            }
        }
    }

    private mutating func inlineTableError(_ expected: String, start: Int, position: SourcePosition) -> TOMLParseError {
        if offset >= bytes.count { return unterminated("inline table", "'}'", at: start) }
        if lineBreakLength(at: offset) > 0 {
            return error("an inline table must be on one line: expected \(expected), found the end of the line")
        }
        return error("expected \(expected) in the inline table, found \(found())")
    }

    private mutating func unterminated(_ what: String, _ closer: String, at start: Int) -> TOMLParseError {
        error("unterminated \(what): the document ends before the \(closer) that closes it", at: start)
    }

    private mutating func tooDeep() -> TOMLParseError {
        error("arrays and tables are nested too deeply (the limit is \(TOML.maximumDepth) levels)")
    }

    /// Reads a boolean, number, date or time: the longest run of characters that
    /// can appear in one, which must then be exactly one of them. (Anything else
    /// directly after a value would be an error anyway, so taking the whole run
    /// lets the message show all of a bad number such as `1_000_`.)
    private mutating func parseBareValue(of key: [KeyPart]?) throws(TOMLParseError) -> TOMLValue {
        let start = offset
        // Built only when needed: most values are fine.
        func expected() -> String { key.map { "a value for the key \(quoted($0))" } ?? "a value or ']' in the array" }
        while Self.isBareValueByte(peek()) { offset += 1 }
        guard offset > start else { throw error("expected \(expected()), found \(found())") }
        // A date, a space and a digit: a date-time written with a space.
        if offset - start == 10, bytes[start + 4] == ASCII.minus, peek() == ASCII.space, ASCII.isDigit(peek(1)) {
            offset += 1
            while Self.isBareValueByte(peek()) { offset += 1 }
        }
        let token = bytes[start..<offset]
        if ASCII.isLetter(bytes[start]) {
            if token.elementsEqual("true".utf8) { return .boolean(true) }
            if token.elementsEqual("false".utf8) { return .boolean(false) }
            if token.elementsEqual("inf".utf8) { return .float(.infinity) }
            if token.elementsEqual("nan".utf8) { return .float(.nan) }
            throw unquoted(from: start, key: key, expected: expected())
        }
        let result = DateTimeSyntax.looksLikeDateOrTime(token) ? DateTimeSyntax.parse(token) : NumberSyntax.parse(token)
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            if unquotedWord(from: start).contains(ASCII.at) { throw unquoted(from: start, key: key, expected: expected()) }
            throw error(problem.message, at: start)
        }
    }

    /// The word typed without quotes at `start`.
    private func unquotedWord(from start: Int) -> ArraySlice<UInt8> {
        var end = start
        while end < bytes.count, !Self.endsUnquotedWord(bytes[end]) { end += 1 }
        return bytes[start..<end]
    }

    /// "found 'Council' (strings must be in quotes)", showing the whole word (up to 80
    /// bytes, cut between characters) but never an email address or the value of a
    /// `name`: errors go to the journal, which must not hold a contact's address or name.
    private mutating func unquoted(from start: Int, key: [KeyPart]?, expected: String) -> TOMLParseError {
        let word = unquotedWord(from: start)
        if word.contains(ASCII.at) {
            return error("expected \(expected), found an unquoted email address (strings must be in quotes)", at: start)
        }
        if key?.last?.name == "name" {
            return error("expected \(expected), found a name without quotes (strings must be in quotes)", at: start)
        }
        var end = min(word.endIndex, start + 80)
        while end < word.endIndex, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let shown = text(from: start, to: end) + (end < word.endIndex ? "…" : "")
        return error("expected \(expected), found '\(shown)' (strings must be in quotes)", at: start)
    }

    /// Where a word typed without quotes ends: at a space, a delimiter, a comment, a
    /// quote or a control character (line breaks included).
    private static func endsUnquotedWord(_ byte: UInt8) -> Bool {
        switch byte {
        case ...ASCII.space, ASCII.delete, ASCII.hash, ASCII.comma, ASCII.rightBracket, ASCII.rightBrace, ASCII.quote,
            ASCII.apostrophe:
            true
        default: false
        }
    }

    private static func isBareValueByte(_ byte: UInt8) -> Bool {
        ASCII.isBareKeyByte(byte) || byte == ASCII.plus || byte == ASCII.dot || byte == ASCII.colon
    }
}

/// Why a run of characters is not a valid number, date or time.
struct SyntaxProblem: Error {
    let message: String
}
