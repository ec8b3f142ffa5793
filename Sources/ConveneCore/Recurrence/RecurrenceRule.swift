/// An RFC 5545 recurrence rule (RRULE): the pattern of a meeting series, such as
/// "the 2nd Tuesday of every month" (`FREQ=MONTHLY;BYDAY=2TU`).
///
/// A value is always valid: it is made by `init(parsing:)` or `init(validating:)`, which
/// reject what RFC 5545 forbids and what can never match, naming the offending part.
/// Expansion lives in `Recurrence`.
public struct RecurrenceRule: Hashable, Sendable {
    /// FREQ, ordered from the longest period to the shortest.
    public enum Frequency: Int, Comparable, CaseIterable, Sendable {
        case yearly, monthly, weekly, daily, hourly, minutely, secondly

        public var code: String {
            switch self {
            case .yearly: "YEARLY"
            case .monthly: "MONTHLY"
            case .weekly: "WEEKLY"
            case .daily: "DAILY"
            case .hourly: "HOURLY"
            case .minutely: "MINUTELY"
            case .secondly: "SECONDLY"
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One BYDAY entry: a weekday, optionally with an ordinal (`2TU`, `-1FR`).
    public struct WeekdayNumber: Hashable, Sendable, CustomStringConvertible {
        public let ordinal: Int?
        public let weekday: Weekday

        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }

        public var description: String { (ordinal.map(String.init) ?? "") + weekday.code }
    }

    /// UNTIL: the last moment an instance may start.
    public enum Until: Hashable, Sendable {
        /// A date: instances on that day still count. (RFC 5545 wants a date-time when
        /// DTSTART has one; a bare date is accepted as "up to the end of that day".)
        case date(CivilDate)
        /// A wall-clock date-time in the series' own zone.
        case local(LocalDateTime)
        /// A UTC instant (`…Z`), as RFC 5545 requires for zoned DTSTARTs.
        case utc(instant: Int)
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var count: Int?
    public var until: Until?
    public var bySecond: [Int] = []
    public var byMinute: [Int] = []
    public var byHour: [Int] = []
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byYearDay: [Int] = []
    public var byWeekNumber: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPosition: [Int] = []
    public var weekStart: Weekday = .monday

    /// A rule with only FREQ set; add parts and pass it through `init(validating:)`.
    public init(frequency: Frequency) {
        self.frequency = frequency
    }

    /// Checks a rule assembled in code the same way parsed rules are checked.
    public init(validating rule: RecurrenceRule) throws(RecurrenceRuleError) {
        try rule.validate()
        self = rule
    }

    /// True if any BYxxx part is present.
    var hasByParts: Bool {
        !(bySecond.isEmpty && byMinute.isEmpty && byHour.isEmpty && byDay.isEmpty
            && byMonthDay.isEmpty && byYearDay.isEmpty && byWeekNumber.isEmpty && byMonth.isEmpty)
    }
}
