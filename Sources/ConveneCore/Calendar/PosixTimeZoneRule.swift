/// The POSIX TZ string at the end of a TZif file (RFC 8536 §3.3), e.g.
/// `GMT0BST,M3.5.0/1,M10.5.0`: a standard offset and, for zones that keep daylight
/// saving time, its offset and the yearly days and times it starts and ends.
///
/// A zone file lists its changes only up to some year; this rule carries it on from
/// there. Parsed from bytes, with every number bounded, so a hostile file is refused
/// rather than trusted. Accepts the version 3 extensions: rule times from -167 to
/// 167 hours, and daylight saving time all year.
public struct PosixTimeZoneRule: Hashable, Sendable {
    /// Seconds east of UTC in standard time (`GMT0` is 0, `EST5` is -18,000).
    public let standardOffset: Int
    /// When and how the clocks change each year; nil for a zone without daylight saving time.
    public let daylightSaving: DaylightSaving?

    /// The daylight saving part of a rule.
    public struct DaylightSaving: Hashable, Sendable {
        /// Seconds east of UTC while daylight saving time is in force. Below the standard
        /// offset for a zone whose "summer" time is its winter one (Europe/Dublin).
        public let offset: Int
        /// When daylight saving time starts, on the standard time clock.
        public let start: Change
        /// When it ends, on the daylight saving time clock.
        public let end: Change
    }

    /// A yearly moment: a day of the year and a time on it.
    public struct Change: Hashable, Sendable {
        public let day: Day
        /// Seconds after the local midnight that starts `day`: negative, or more than a
        /// day, when the change falls on a neighbouring day.
        public let time: Int
    }

    /// The three POSIX ways of naming a day of the year.
    public enum Day: Hashable, Sendable {
        /// `Jn`: day 1 to 365, never counting 29 February, so `J60` is always 1 March.
        case julian(Int)
        /// `n`: day 0 to 365, counting 29 February in leap years.
        case dayOfYear(Int)
        /// `Mm.w.d`: weekday `d` (0 is Sunday) of week `w` (1 to 5, 5 the last) of month `m`.
        case weekdayOfMonth(month: Int, week: Int, weekday: Int)
    }

    /// The rule a TZ string states. Throws with the reason when the text does not follow
    /// POSIX (and RFC 8536) grammar.
    public init(_ text: some Collection<UInt8>) throws(PosixTimeZoneRuleError) {
        var parser = Parser(bytes: Array(text))
        try parser.name()
        let standard = try -parser.offset()
        guard !parser.atEnd else {
            self.init(standardOffset: standard, daylightSaving: nil)
            return
        }
        try parser.name()
        var daylight = standard + 3600
        if !parser.atEnd, parser.peek != UInt8(ascii: ",") { daylight = try -parser.offset() }
        // POSIX leaves a missing rule to the implementation; glibc uses the United States' rule.
        var start = Change(day: .weekdayOfMonth(month: 3, week: 2, weekday: 0), time: 7200)
        var end = Change(day: .weekdayOfMonth(month: 11, week: 1, weekday: 0), time: 7200)
        if !parser.atEnd {
            try parser.expect(UInt8(ascii: ","))
            start = try parser.change()
            try parser.expect(UInt8(ascii: ","))
            end = try parser.change()
        }
        guard parser.atEnd else { throw parser.failure("unexpected text after the rule") }
        self.init(standardOffset: standard, daylightSaving: DaylightSaving(offset: daylight, start: start, end: end))
    }

    /// A rule from its parts.
    public init(standardOffset: Int, daylightSaving: DaylightSaving?) {
        self.standardOffset = standardOffset
        self.daylightSaving = daylightSaving
    }

    /// The two changes of offset the rule makes in `year` (seconds since the epoch and
    /// the offset from then on): daylight saving time starting, then ending. Nil for a
    /// zone without daylight saving time. Either may fall in a neighbouring year when its
    /// time is far outside 0–24 hours.
    func changes(inYear year: Int) -> (start: (instant: Int, offset: Int), end: (instant: Int, offset: Int))? {
        guard let daylightSaving else { return nil }
        let start = daylightSaving.start.wallSeconds(inYear: year) - standardOffset
        let end = daylightSaving.end.wallSeconds(inYear: year) - daylightSaving.offset
        return ((start, daylightSaving.offset), (end, standardOffset))
    }
}

extension PosixTimeZoneRule.Change {
    /// The change's wall time in `year`, in seconds since 1970-01-01T00:00 on that clock.
    func wallSeconds(inYear year: Int) -> Int { day.dayNumber(inYear: year) * 86_400 + time }
}

extension PosixTimeZoneRule.Day {
    /// Days since 1970-01-01 of this day in `year`.
    func dayNumber(inYear year: Int) -> Int {
        let newYear = CivilDate.dayNumber(year: year, month: 1, day: 1)
        switch self {
        case .julian(let day):
            return newYear + day - 1 + (CivilDate.isLeapYear(year) && day >= 60 ? 1 : 0)
        case .dayOfYear(let day):
            return newYear + day
        case .weekdayOfMonth(let month, let week, let weekday):
            let first = CivilDate.dayNumber(year: year, month: month, day: 1)
            // `Weekday` counts from Monday; POSIX from Sunday.
            let firstWeekday = (CivilDate.weekday(ofDayNumber: first).rawValue + 1) % 7
            var day = (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            // Week 5 means the last such weekday, which may be in the fourth week.
            while day >= CivilDate.daysInMonth(year: year, month: month) { day -= 7 }
            return first + day
        }
    }
}

/// Why a POSIX TZ string was refused: the text and what is wrong with it.
public struct PosixTimeZoneRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The TZ string as found (non-ASCII bytes shown as `?`).
    public let text: String
    /// What is wrong, in plain words, with where it was found.
    public let reason: String

    public var description: String { "TZ string \"\(text)\": \(reason)" }
}

extension PosixTimeZoneRule {
    /// Reads a TZ string from left to right.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        func failure(_ reason: String) -> PosixTimeZoneRuleError {
            let text = String(decoding: bytes.map { $0 < 0x20 || $0 > 0x7E ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
            return PosixTimeZoneRuleError(text: text, reason: "\(reason) (at byte \(position))")
        }

        mutating func expect(_ byte: UInt8) throws(PosixTimeZoneRuleError) {
            guard peek == byte else { throw failure("expected \"\(Character(Unicode.Scalar(byte)))\"") }
            position += 1
        }

        /// A zone abbreviation: three or more letters, or `<…>` around three or more
        /// letters, digits, `+` and `-` (`<+0330>`). Only its length matters here.
        mutating func name() throws(PosixTimeZoneRuleError) {
            let quoted = peek == UInt8(ascii: "<")
            if quoted { position += 1 }
            let start = position
            while let byte = peek, Parser.isLetter(byte) || (quoted && Parser.isQuotedNameByte(byte)) { position += 1 }
            guard position - start >= 3 else { throw failure("a zone abbreviation needs at least three characters") }
            if quoted { try expect(UInt8(ascii: ">")) }
        }

        /// A UTC offset, `[+-]hh[:mm[:ss]]` with hours up to 24, in seconds west of UTC
        /// (POSIX's sign: `EST5` is five hours behind).
        mutating func offset() throws(PosixTimeZoneRuleError) -> Int {
            try signedTime(maximumHours: 24, what: "offset")
        }

        /// `date[/time]`, with the time 02:00 when not given.
        mutating func change() throws(PosixTimeZoneRuleError) -> Change {
            let day = try self.day()
            var time = 7200
            if peek == UInt8(ascii: "/") {
                position += 1
                time = try signedTime(maximumHours: 167, what: "time")
            }
            return Change(day: day, time: time)
        }

        mutating func day() throws(PosixTimeZoneRuleError) -> Day {
            switch peek {
            case UInt8(ascii: "J"):
                position += 1
                return .julian(try number(in: 1...365, maximumDigits: 3, what: "day"))
            case UInt8(ascii: "M"):
                position += 1
                let month = try number(in: 1...12, maximumDigits: 2, what: "month")
                try expect(UInt8(ascii: "."))
                let week = try number(in: 1...5, maximumDigits: 1, what: "week")
                try expect(UInt8(ascii: "."))
                let weekday = try number(in: 0...6, maximumDigits: 1, what: "weekday")
                return .weekdayOfMonth(month: month, week: week, weekday: weekday)
            default:
                return .dayOfYear(try number(in: 0...365, maximumDigits: 3, what: "day"))
            }
        }

        /// `[+-]h[h[h]][:mm[:ss]]` in seconds.
        mutating func signedTime(maximumHours: Int, what: String) throws(PosixTimeZoneRuleError) -> Int {
            var sign = 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") {
                if peek == UInt8(ascii: "-") { sign = -1 }
                position += 1
            }
            var seconds = try number(in: 0...maximumHours, maximumDigits: 3, what: "\(what)'s hours") * 3600
            if peek == UInt8(ascii: ":") {
                position += 1
                seconds += try number(in: 0...59, maximumDigits: 2, what: "\(what)'s minutes") * 60
                if peek == UInt8(ascii: ":") {
                    position += 1
                    seconds += try number(in: 0...59, maximumDigits: 2, what: "\(what)'s seconds")
                }
            }
            return sign * seconds
        }

        /// A decimal number of at most `maximumDigits` digits, within `range`.
        mutating func number(in range: ClosedRange<Int>, maximumDigits: Int, what: String) throws(PosixTimeZoneRuleError)
            -> Int
        {
            let start = position
            var value = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), position - start < maximumDigits {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
            guard position > start else { throw failure("expected a number for the \(what)") }
            guard range.contains(value) else {
                throw failure("the \(what) \(value) is outside \(range.lowerBound)–\(range.upperBound)")
            }
            return value
        }

        static func isLetter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }

        static func isQuotedNameByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
    }
}
