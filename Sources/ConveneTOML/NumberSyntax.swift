/// TOML's integers and floats, checked against the grammar by hand: decimal with
/// optional sign, `0x`/`0o`/`0b` without one, underscores only between digits, no
/// leading zeros, 64-bit range; floats with a fraction and/or exponent, `inf`, `nan`.
enum NumberSyntax {
    /// The integer or float that `token` spells, or why it spells none.
    static func parse(_ token: ArraySlice<UInt8>) -> Result<TOMLValue, SyntaxProblem> {
        let text = String(decoding: token, as: UTF8.self)
        var index = token.startIndex
        let end = token.endIndex
        var negative = false
        var signed = false
        if index < end, token[index] == ASCII.plus || token[index] == ASCII.minus {
            signed = true
            negative = token[index] == ASCII.minus
            index += 1
        }
        let body = token[index..<end]
        if body.elementsEqual("inf".utf8) { return .success(.float(negative ? -.infinity : .infinity)) }
        if body.elementsEqual("nan".utf8) { return .success(.float(negative ? -.nan : .nan)) }
        guard index < end, ASCII.isDigit(token[index]) else { return invalid("invalid number \(text)") }

        if token[index] == UInt8(ascii: "0"), index + 1 < end, let radix = radix(of: token[index + 1]) {
            if signed {
                return invalid("invalid integer \(text): a hexadecimal, octal or binary integer cannot have a sign")
            }
            let digits = token[(index + 2)...]
            guard underscoresArePlaced(in: digits, isDigit: ASCII.isHexDigit) else {
                return invalid("invalid integer \(text): an underscore must stand between two digits")
            }
            guard !digits.isEmpty else { return invalid("invalid integer \(text): no digits after the prefix") }
            return integer(digits, radix: radix, negative: false, text: text)
        }

        guard underscoresArePlaced(in: body, isDigit: ASCII.isDigit) else {
            return invalid("invalid number \(text): an underscore must stand between two digits")
        }
        if token[index] == UInt8(ascii: "0"), index + 1 < end,
            ASCII.isDigit(token[index + 1]) || token[index + 1] == ASCII.underscore
        {
            return invalid("invalid number \(text): leading zeros are not allowed")
        }
        var cursor = skipDigits(token, from: index)
        var isFloat = false
        if cursor < end, token[cursor] == ASCII.dot {
            isFloat = true
            guard cursor + 1 < end, ASCII.isDigit(token[cursor + 1]) else {
                return invalid("invalid float \(text): a decimal point must have digits on both sides")
            }
            cursor = skipDigits(token, from: cursor + 1)
        }
        if cursor < end, token[cursor] | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            cursor += 1
            if cursor < end, token[cursor] == ASCII.plus || token[cursor] == ASCII.minus { cursor += 1 }
            guard cursor < end, ASCII.isDigit(token[cursor]) else {
                return invalid("invalid float \(text): the exponent needs digits")
            }
            cursor = skipDigits(token, from: cursor)
        }
        guard cursor == end else { return invalid("invalid number \(text)") }
        guard isFloat else { return integer(body, radix: 10, negative: negative, text: text) }

        var digits = String.UnicodeScalarView()
        for byte in token where byte != ASCII.underscore { digits.append(Unicode.Scalar(byte)) }
        guard let value = Double(String(digits)) else { return invalid("invalid float \(text)") }
        return .success(.float(value))
    }

    private static func invalid(_ message: String) -> Result<TOMLValue, SyntaxProblem> {
        .failure(SyntaxProblem(message: message))
    }

    private static func radix(of letter: UInt8) -> Int64? {
        switch letter {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// Whether every underscore has a digit on each side.
    private static func underscoresArePlaced(in text: ArraySlice<UInt8>, isDigit: (UInt8) -> Bool) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ASCII.underscore {
                guard index > text.startIndex, index + 1 < text.endIndex,
                    isDigit(text[index - 1]), isDigit(text[index + 1])
                else { return false }
            }
            index += 1
        }
        return true
    }

    /// The index after the digits (and the underscores between them) from `start`.
    private static func skipDigits(_ text: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < text.endIndex, ASCII.isDigit(text[index]) || text[index] == ASCII.underscore { index += 1 }
        return index
    }

    /// The integer `digits` spell in `radix`. It is summed as a negative number so
    /// that -9223372036854775808, which has no positive twin, still fits.
    private static func integer(_ digits: ArraySlice<UInt8>, radix: Int64, negative: Bool, text: String) -> Result<
        TOMLValue, SyntaxProblem
    > {
        var value: Int64 = 0
        for byte in digits where byte != ASCII.underscore {
            let digit: Int64 = ASCII.isHexDigit(byte) ? Int64(ASCII.hexValue(byte)) : radix
            guard digit < radix else {
                let base = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : radix == 2 ? "binary" : "decimal"
                return invalid(
                    "invalid integer \(text): '\(Unicode.Scalar(byte))' is not \(base == "octal" ? "an" : "a") \(base) digit")
            }
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: radix)
            let (next, overflowedAgain) = shifted.subtractingReportingOverflow(digit)
            guard !overflowed, !overflowedAgain else { return outOfRange(text) }
            value = next
        }
        if !negative {
            guard value != .min else { return outOfRange(text) }
            value = -value
        }
        return .success(.integer(value))
    }

    private static func outOfRange(_ text: String) -> Result<TOMLValue, SyntaxProblem> {
        invalid("the integer \(text) is out of range (a 64-bit integer is from -9223372036854775808 to 9223372036854775807)")
    }
}
