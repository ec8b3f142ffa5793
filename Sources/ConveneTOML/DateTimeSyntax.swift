/// RFC 3339 dates, times and date-times as TOML 1.0 writes them: `T`, `t` or a
/// space between date and time, seconds required, any number of fraction digits
/// (kept to nanoseconds), and `Z`, `z` or `±HH:MM` for an offset. Every field is
/// range-checked and the date must exist (2026-02-29 does not).
enum DateTimeSyntax {
    /// Whether `token` starts like a date (`DDDD-`) or a time (`DD:`), which no
    /// number does.
    static func looksLikeDateOrTime(_ token: ArraySlice<UInt8>) -> Bool {
        let digits = token.prefix(while: ASCII.isDigit).count
        guard digits < token.count else { return false }
        let next = token[token.startIndex + digits]
        return (digits == 2 && next == ASCII.colon) || (digits == 4 && next == ASCII.minus)
    }

    /// The date, time or date-time that `token` spells, or why it spells none.
    static func parse(_ token: ArraySlice<UInt8>) -> Result<TOMLValue, SyntaxProblem> {
        let chars = Array(token)
        let text = String(decoding: chars, as: UTF8.self)
        if chars.count > 2, chars[2] == ASCII.colon {
            switch parseTime(chars, from: 0, text: text) {
            case .failure(let problem):
                return .failure(problem)
            case .success(let (time, end)):
                guard end == chars.count else { return invalid("invalid time \(text)") }
                return .success(.localTime(time))
            }
        }
        guard chars.count >= 10, isDigits(chars, 0, 4), chars[4] == ASCII.minus, isDigits(chars, 5, 2),
            chars[7] == ASCII.minus, isDigits(chars, 8, 2)
        else {
            return invalid("invalid date \(text) (expected YYYY-MM-DD)")
        }
        let year = number(chars, 0, 4)
        let month = number(chars, 5, 2)
        let day = number(chars, 8, 2)
        guard TOMLDate.isValid(year: year, month: month, day: day) else {
            return invalid("invalid date \(String(decoding: chars[0..<10], as: UTF8.self))")
        }
        let date = TOMLDate(year: year, month: month, day: day)
        guard chars.count > 10 else { return .success(.localDate(date)) }
        guard chars[10] | 0x20 == UInt8(ascii: "t") || chars[10] == ASCII.space else {
            return invalid("invalid date-time \(text): expected 'T' or a space between the date and the time")
        }
        let time: TOMLTime
        let end: Int
        switch parseTime(chars, from: 11, text: text) {
        case .failure(let problem): return .failure(problem)
        case .success(let parsed): (time, end) = parsed
        }
        if end == chars.count {
            return .success(.localDateTime(TOMLDateTime(date: date, time: time, offsetSeconds: nil)))
        }
        guard let offset = parseOffset(chars[end...]) else {
            return invalid("invalid date-time \(text): expected Z or an offset such as +01:00 after the time")
        }
        return .success(.offsetDateTime(TOMLDateTime(date: date, time: time, offsetSeconds: offset)))
    }

    private static func invalid(_ message: String) -> Result<TOMLValue, SyntaxProblem> {
        .failure(SyntaxProblem(message: message))
    }

    /// `HH:MM:SS` with an optional fraction, from `start`; returns where it ends.
    private static func parseTime(_ chars: [UInt8], from start: Int, text: String) -> Result<(TOMLTime, Int), SyntaxProblem> {
        guard chars.count >= start + 8, isDigits(chars, start, 2), chars[start + 2] == ASCII.colon,
            isDigits(chars, start + 3, 2), chars[start + 5] == ASCII.colon, isDigits(chars, start + 6, 2)
        else {
            return .failure(SyntaxProblem(message: "invalid time in \(text) (expected HH:MM:SS; TOML 1.0 requires the seconds)"))
        }
        let hour = number(chars, start, 2)
        let minute = number(chars, start + 3, 2)
        let second = number(chars, start + 6, 2)
        guard hour < 24, minute < 60, second < 60 else {
            return .failure(SyntaxProblem(message: "invalid time \(String(decoding: chars[start..<start + 8], as: UTF8.self))"))
        }
        var index = start + 8
        var nanosecond = 0
        if index < chars.count, chars[index] == ASCII.dot {
            index += 1
            guard index < chars.count, ASCII.isDigit(chars[index]) else {
                return .failure(SyntaxProblem(message: "invalid time in \(text): the decimal point needs digits after it"))
            }
            var digits = 0
            while index < chars.count, ASCII.isDigit(chars[index]) {
                // Digits beyond nanoseconds are dropped, not rounded, as RFC 3339 readers usually do.
                if digits < 9 {
                    nanosecond = nanosecond * 10 + Int(chars[index] &- 0x30)
                    digits += 1
                }
                index += 1
            }
            for _ in digits..<9 { nanosecond *= 10 }
        }
        return .success((TOMLTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond), index))
    }

    /// `Z`, `z` or `±HH:MM` filling all of `chars`, as seconds east of UTC.
    private static func parseOffset(_ chars: ArraySlice<UInt8>) -> Int? {
        let start = chars.startIndex
        if chars.count == 1, chars[start] | 0x20 == UInt8(ascii: "z") { return 0 }
        let base = Array(chars)
        guard base.count == 6, base[0] == ASCII.plus || base[0] == ASCII.minus, isDigits(base, 1, 2),
            base[3] == ASCII.colon, isDigits(base, 4, 2)
        else { return nil }
        let hours = number(base, 1, 2)
        let minutes = number(base, 4, 2)
        guard hours < 24, minutes < 60 else { return nil }
        let seconds = (hours * 60 + minutes) * 60
        return base[0] == ASCII.minus ? -seconds : seconds
    }

    private static func isDigits(_ chars: [UInt8], _ start: Int, _ count: Int) -> Bool {
        chars[start..<start + count].allSatisfy(ASCII.isDigit)
    }

    private static func number(_ chars: [UInt8], _ start: Int, _ count: Int) -> Int {
        chars[start..<start + count].reduce(0) { $0 * 10 + Int($1 &- 0x30) }
    }
}
