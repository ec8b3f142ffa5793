extension RecurrenceRule {
    /// Parses RRULE text (`FREQ=MONTHLY;BYDAY=2TU`, optionally prefixed `RRULE:`), as in
    /// RFC 5545 §3.3.10. Part names are case-insensitive; each part may appear once.
    public init(parsing text: String) throws(RecurrenceRuleError) {
        var body = Substring(text.trimmingWhitespace())
        if body.utf8.count >= 6, body.prefix(6).uppercased() == "RRULE:" { body = body.dropFirst(6) }
        guard !body.isEmpty else { throw .empty }
        var parts: [(name: String, value: String)] = []
        var seen: Set<String> = []
        for piece in body.split(separator: ";", omittingEmptySubsequences: false) {
            guard let equals = piece.firstIndex(of: "="), equals != piece.startIndex else {
                throw RecurrenceRuleError(part: String(piece), reason: "expected NAME=VALUE")
            }
            let name = piece[..<equals].uppercased()
            guard seen.insert(name).inserted else {
                throw RecurrenceRuleError(
                    part: name, value: String(piece[piece.index(after: equals)...]),
                    reason: "\(name) appears more than once")
            }
            parts.append((name, String(piece[piece.index(after: equals)...])))
        }
        guard let freq = parts.first(where: { $0.name == "FREQ" }) else {
            throw RecurrenceRuleError(
                part: "FREQ", reason: "FREQ is required (YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY or SECONDLY)")
        }
        guard let frequency = Frequency.allCases.first(where: { $0.code == freq.value.uppercased() }) else {
            throw RecurrenceRuleError(
                part: "FREQ", value: freq.value,
                reason: "expected YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY or SECONDLY")
        }
        var rule = RecurrenceRule(frequency: frequency)
        for (name, value) in parts where name != "FREQ" {
            try rule.apply(name: name, value: value)
        }
        try rule.validate()
        self = rule
    }

    private mutating func apply(name: String, value: String) throws(RecurrenceRuleError) {
        switch name {
        case "INTERVAL":
            interval = try Self.integer(name, value, in: 1...Int(Int32.max), what: "a positive whole number")
        case "COUNT":
            // Bounded: a window far from DTSTART is reached by counting every instance
            // before it, and a meeting series never needs more.
            count = try Self.integer(name, value, in: 1...Self.countLimit, what: "a whole number from 1 to 100000")
        case "UNTIL":
            until = try Self.until(value)
        case "BYSECOND":
            bySecond = try Self.list(name, value, in: 0...59, what: "seconds 0 to 59")
        case "BYMINUTE":
            byMinute = try Self.list(name, value, in: 0...59, what: "minutes 0 to 59")
        case "BYHOUR":
            byHour = try Self.list(name, value, in: 0...23, what: "hours 0 to 23")
        case "BYDAY":
            byDay = try Self.weekdays(value)
        case "BYMONTHDAY":
            byMonthDay = try Self.list(name, value, in: -31...31, nonZero: true, what: "days of the month 1 to 31 or -31 to -1")
        case "BYYEARDAY":
            byYearDay = try Self.list(name, value, in: -366...366, nonZero: true, what: "days of the year 1 to 366 or -366 to -1")
        case "BYWEEKNO":
            byWeekNumber = try Self.list(name, value, in: -53...53, nonZero: true, what: "week numbers 1 to 53 or -53 to -1")
        case "BYMONTH":
            byMonth = try Self.list(name, value, in: 1...12, what: "months 1 to 12")
        case "BYSETPOS":
            bySetPosition = try Self.list(name, value, in: -366...366, nonZero: true, what: "positions 1 to 366 or -366 to -1")
        case "WKST":
            guard let day = Weekday(code: value) else {
                throw RecurrenceRuleError(part: name, value: value, reason: "expected a weekday: MO, TU, WE, TH, FR, SA or SU")
            }
            weekStart = day
        default:
            throw RecurrenceRuleError(
                part: name, value: value,
                reason:
                    "unknown rule part; expected FREQ, INTERVAL, COUNT, UNTIL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS or WKST"
            )
        }
    }

    /// The largest COUNT taken.
    public static let countLimit = 100_000

    private static func integer(
        _ part: String, _ text: String, in range: ClosedRange<Int>, nonZero: Bool = false,
        what: String
    ) throws(RecurrenceRuleError) -> Int {
        var digits = Substring(text)
        var sign = 1
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let magnitude = Int(digits),
            range.contains(sign * magnitude), !(nonZero && magnitude == 0)
        else {
            throw RecurrenceRuleError(part: part, value: text, reason: "\"\(text)\" is out of range; expected \(what)")
        }
        return sign * magnitude
    }

    private static func list(
        _ part: String, _ text: String, in range: ClosedRange<Int>, nonZero: Bool = false,
        what: String
    ) throws(RecurrenceRuleError) -> [Int] {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw RecurrenceRuleError(part: part, value: text, reason: "empty item in the list; expected \(what)")
            }
            do {
                values.append(try integer(part, String(item), in: range, nonZero: nonZero, what: what))
            } catch {
                throw RecurrenceRuleError(part: part, value: text, reason: "\"\(item)\" is out of range; expected \(what)")
            }
        }
        return Array(Set(values)).sorted()
    }

    private static func weekdays(_ text: String) throws(RecurrenceRuleError) -> [WeekdayNumber] {
        var result: [WeekdayNumber] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let code = item.suffix(2)
            let number = item.dropLast(2)
            guard let weekday = Weekday(code: code) else {
                throw RecurrenceRuleError(
                    part: "BYDAY", value: text,
                    reason:
                        "\"\(item)\" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 2TU or -1FR"
                )
            }
            var ordinal: Int?
            if !number.isEmpty {
                ordinal = try? integer("BYDAY", String(number), in: -53...53, nonZero: true, what: "")
                guard ordinal != nil else {
                    throw RecurrenceRuleError(
                        part: "BYDAY", value: text,
                        reason:
                            "\"\(item)\" has an invalid ordinal; expected 1 to 53 or -53 to -1 before the weekday (2TU is the 2nd Tuesday, -1FR the last Friday)"
                    )
                }
            }
            let entry = WeekdayNumber(weekday, ordinal: ordinal)
            if !result.contains(entry) { result.append(entry) }
        }
        return result
    }

    private static func until(_ text: String) throws(RecurrenceRuleError) -> Until {
        let upper = text.uppercased()
        if upper.count == 8, let date = CivilDate(upper) { return .date(date) }
        if upper.hasSuffix("Z"), let local = LocalDateTime(String(upper.dropLast())), upper.count == 16 {
            return .utc(instant: local.wallSeconds)
        }
        if upper.count == 15, let local = LocalDateTime(upper) { return .local(local) }
        throw RecurrenceRuleError(
            part: "UNTIL", value: text,
            reason: "expected a date (20270731), a local date-time (20270731T235959) or a UTC date-time (20270731T225959Z)")
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (Foundation-free).
    public func trimmingWhitespace() -> SubSequence {
        // Most text has nothing to trim: its first and last bytes are ASCII and not blank.
        if let first = first?.asciiValue, let last = last?.asciiValue, !String.isASCIIBlank(first),
            !String.isASCIIBlank(last)
        {
            return self[startIndex..<endIndex]
        }
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }

    /// Space, tab, line feed, vertical tab, form feed, carriage return: the ASCII bytes
    /// `Character.isWhitespace` calls whitespace.
    static func isASCIIBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}
