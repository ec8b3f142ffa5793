/// Where and when a series could meet: its rule, its first date and start time
/// (DTSTART), and its venue. The current slot and each suggestion are one.
public struct SlotPattern: Hashable, Sendable {
    public let rule: RecurrenceRule?
    /// DTSTART: the first meeting's date and the start time of every meeting.
    public let dtstart: LocalDateTime
    /// A `Venue` id; nil when online only.
    public let venue: String?

    public init(rule: RecurrenceRule?, dtstart: LocalDateTime, venue: String?) {
        self.rule = rule
        self.dtstart = dtstart
        self.venue = venue
    }

    /// The series' own slot.
    public init(of series: MeetingSeries) {
        self.init(rule: series.recurrence.rule, dtstart: series.recurrence.start, venue: series.venue)
    }

    public var start: LocalTime { dtstart.time }

    /// `series` meeting in this slot. Its extra and excluded dates (RDATE, EXDATE) belong
    /// to its own slot and are kept only for that.
    public func applied(to series: MeetingSeries) -> MeetingSeries {
        if self == SlotPattern(of: series) { return series }
        return series.with(recurrence: Recurrence(start: dtstart, rule: rule), venue: venue)
    }

    /// "2nd Wednesday of the month", "every Thursday", or the rule itself for other kinds.
    public var dayText: String {
        guard let rule else { return "once, on \(DayText.dayWithYear(dtstart.date))" }
        switch SlotKind(rule) {
        case let .ordinalWeekday(ordinal, weekday):
            let unit = rule.frequency == .yearly ? "years" : "months"
            let every = rule.interval == 1 ? "" : " every \(rule.interval) \(unit)"
            let months = rule.byMonth.count == 12 || rule.byMonth.isEmpty ? "" : " (\(Self.months(rule.byMonth)))"
            return "\(Self.ordinalText(ordinal)) \(weekday.name) of the month\(every)\(months)"
        case let .weekly(weekday):
            return rule.interval == 1 ? "every \(weekday.name)" : "every \(rule.interval) weeks on \(weekday.name)"
        case .other:
            return rule.description
        }
    }

    /// "2nd Wed", "every Thu", for a table's narrow column; the rule itself for other kinds.
    public var shortDayText: String {
        guard let rule else { return DayText.day(dtstart.date) }
        switch SlotKind(rule) {
        case let .ordinalWeekday(ordinal, weekday): return "\(Self.ordinalText(ordinal)) \(weekday.shortName)"
        case let .weekly(weekday): return "every \(weekday.shortName)"
        case .other: return rule.description
        }
    }

    static func ordinalText(_ ordinal: Int) -> String {
        switch ordinal {
        case -1: "last"
        case 1: "1st"
        case 2: "2nd"
        case 3: "3rd"
        default: "\(ordinal)th"
        }
    }

    /// "not August" when one month is left out, else the months named.
    private static func months(_ months: [Int]) -> String {
        let left = (1...12).filter { !months.contains($0) }
        if left.count <= 3 { return "not " + left.map(DayText.monthName).joined(separator: " or ") }
        return "in " + months.sorted().map(DayText.monthName).joined(separator: ", ")
    }
}

/// The shape of a series' rule that suggestions vary: the Nth weekday of the month (or
/// of chosen months), one weekday every week or few, or anything else (whose day stays
/// and whose start time is varied alone).
enum SlotKind: Equatable {
    case ordinalWeekday(ordinal: Int, weekday: Weekday)
    case weekly(Weekday)
    case other

    init(_ rule: RecurrenceRule) {
        let plain =
            rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty && rule.byWeekNumber.isEmpty && rule.bySetPosition.isEmpty
            && rule.byHour.isEmpty && rule.byMinute.isEmpty && rule.bySecond.isEmpty && rule.byDay.count == 1
        guard plain, let day = rule.byDay.first else {
            self = .other
            return
        }
        let monthly = rule.frequency == .monthly || (rule.frequency == .yearly && !rule.byMonth.isEmpty)
        switch (rule.frequency, day.ordinal) {
        case (_, let ordinal?) where monthly && ((1...4).contains(ordinal) || ordinal == -1):
            self = .ordinalWeekday(ordinal: ordinal, weekday: day.weekday)
        case (.weekly, nil):
            self = .weekly(day.weekday)
        default:
            self = .other
        }
    }

    /// The same kind on `weekday` (and `ordinal`), the rule's other parts kept.
    static func rule(_ rule: RecurrenceRule, ordinal: Int?, weekday: Weekday) -> RecurrenceRule {
        var changed = rule
        changed.byDay = [RecurrenceRule.WeekdayNumber(weekday, ordinal: ordinal)]
        return changed
    }
}
