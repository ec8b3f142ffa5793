/// Decides whether one calendar day passes a rule's day-level parts (BYMONTH,
/// BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY), all of which must hold.
///
/// Values are precompiled into bit masks so a check is a handful of integer
/// operations: expansion asks it about every day of every period.
struct DayMatcher: Sendable {
    /// Bit m set for month m (1…12); all of them when BYMONTH is absent.
    let months: UInt16
    /// BYMONTHDAY: bit d for day d, and (from end) bit d for day −d.
    private let monthDays: UInt32
    private let monthDaysFromEnd: UInt32
    private let hasMonthDays: Bool
    /// BYYEARDAY, one bit per day each way.
    private let yearDays: DaySet?
    private let yearDaysFromEnd: DaySet
    /// BYWEEKNO: bit n for week n, and (from end) bit n for week −n.
    private let weekNumbers: UInt64
    private let weekNumbersFromEnd: UInt64
    private let hasWeekNumbers: Bool
    private let weekStart: Weekday
    /// BYDAY without ordinals: bit w for weekday w.
    private let weekdays: UInt8
    /// BYDAY with ordinals, keyed `weekday × 54 + n`: `nth` for +n, `nthFromEnd` for −n.
    /// Plain bits rather than arrays keep the matcher free of reference counting.
    private let nth: DaySet
    private let nthFromEnd: DaySet
    private let hasByDay: Bool
    private let hasOrdinals: Bool
    /// Ordinals count within the month (MONTHLY, or YEARLY with BYMONTH), else the year.
    private let ordinalsWithinMonth: Bool

    static let allMonths: UInt16 = 0b1_1111_1111_1110

    /// Day parts whose matches can be listed directly instead of testing every day.
    enum Shortcut: Sendable {
        /// Test each day.
        case none
        /// Only BYDAY (ordinals, if any, counted within the month): list each weekday's days.
        case weekdays
        /// Only BYMONTHDAY: list those days.
        case monthDays
    }

    let shortcut: Shortcut
    /// Weekdays named in BYDAY, with or without ordinals.
    private let weekdaysNamed: UInt8

    /// True when only BYMONTH (or nothing) restricts days.
    let onlyMonths: Bool

    init(_ rule: RecurrenceRule) {
        months = rule.byMonth.isEmpty ? DayMatcher.allMonths : rule.byMonth.reduce(0) { $0 | 1 << UInt16($1) }
        monthDays = rule.byMonthDay.filter { $0 > 0 }.reduce(0) { $0 | 1 << UInt32($1) }
        monthDaysFromEnd = rule.byMonthDay.filter { $0 < 0 }.reduce(0) { $0 | 1 << UInt32(-$1) }
        hasMonthDays = !rule.byMonthDay.isEmpty
        yearDays = rule.byYearDay.isEmpty ? nil : DaySet(rule.byYearDay.filter { $0 > 0 })
        yearDaysFromEnd = DaySet(rule.byYearDay.filter { $0 < 0 }.map { -$0 })
        weekNumbers = rule.byWeekNumber.filter { $0 > 0 }.reduce(0) { $0 | 1 << UInt64($1) }
        weekNumbersFromEnd = rule.byWeekNumber.filter { $0 < 0 }.reduce(0) { $0 | 1 << UInt64(-$1) }
        hasWeekNumbers = !rule.byWeekNumber.isEmpty
        weekStart = rule.weekStart
        weekdays = rule.byDay.filter { $0.ordinal == nil }.reduce(0) { $0 | 1 << UInt8($1.weekday.rawValue) }
        nth = DaySet(rule.byDay.compactMap { entry in entry.ordinal.flatMap { $0 > 0 ? entry.weekday.rawValue * 54 + $0 : nil } })
        nthFromEnd = DaySet(
            rule.byDay.compactMap { entry in entry.ordinal.flatMap { $0 < 0 ? entry.weekday.rawValue * 54 - $0 : nil } })
        hasByDay = !rule.byDay.isEmpty
        hasOrdinals = rule.byDay.contains { $0.ordinal != nil }
        ordinalsWithinMonth = rule.frequency == .monthly || !rule.byMonth.isEmpty
        onlyMonths = !hasMonthDays && yearDays == nil && !hasWeekNumbers && !hasByDay
        weekdaysNamed = rule.byDay.reduce(0) { $0 | 1 << UInt8($1.weekday.rawValue) }
        if hasByDay, !hasMonthDays, yearDays == nil, !hasWeekNumbers, !hasOrdinals || ordinalsWithinMonth {
            shortcut = .weekdays
        } else if hasMonthDays, !hasByDay, yearDays == nil, !hasWeekNumbers {
            shortcut = .monthDays
        } else {
            shortcut = .none
        }
    }

    /// Appends, in ascending order, the day numbers between days `from` and `to` of a
    /// month (1-based, inclusive) that match, for rules with a `shortcut`.
    func appendMatches(monthStart: Int, monthLength: Int, from: Int, to: Int, into out: inout [Int]) {
        let begin = out.count
        switch shortcut {
        case .weekdays:
            let firstWeekday = CivilDate.weekday(ofDayNumber: monthStart).rawValue
            for w in 0..<7 where weekdaysNamed & (1 << UInt8(w)) != 0 {
                let first = 1 + (w - firstWeekday + 7) % 7
                let count = (monthLength - first) / 7 + 1
                let plain = weekdays & (1 << UInt8(w)) != 0
                for k in 1...count {
                    let day = first + 7 * (k - 1)
                    guard day >= from, day <= to else { continue }
                    if plain || nth.contains(w * 54 + k) || nthFromEnd.contains(w * 54 + count - k + 1) {
                        out.append(monthStart + day - 1)
                    }
                }
            }
        case .monthDays:
            for day in 1...monthLength where day >= from && day <= to {
                if monthDays & (1 << UInt32(day)) != 0 || monthDaysFromEnd & (1 << UInt32(monthLength - day + 1)) != 0 {
                    out.append(monthStart + day - 1)
                }
            }
        case .none:
            break
        }
        // At most 31 days, mostly in order already: an insertion sort beats a general one.
        var i = begin + 1
        while i < out.count {
            let value = out[i]
            var j = i - 1
            while j >= begin, out[j] > value {
                out[j + 1] = out[j]
                j -= 1
            }
            out[j + 1] = value
            i += 1
        }
    }

    /// Whether month `month` (1…12) can hold a matching day at all.
    @inline(__always)
    func allows(month: Int) -> Bool { months & (1 << UInt16(month)) != 0 }

    /// Whether the day passes. `day` is a position in the month the caller is walking;
    /// BYMONTH has already been checked through `allows(month:)`.
    @inline(__always)
    func matches(_ day: DayPosition) -> Bool {
        if onlyMonths { return true }
        if hasMonthDays {
            let fromEnd = day.monthLength - day.dayOfMonth + 1
            guard
                monthDays & (1 << UInt32(day.dayOfMonth)) != 0
                    || monthDaysFromEnd & (1 << UInt32(fromEnd)) != 0
            else { return false }
        }
        if let yearDays {
            guard
                yearDays.contains(day.dayOfYear)
                    || yearDaysFromEnd.contains(day.yearLength - day.dayOfYear + 1)
            else { return false }
        }
        if hasByDay {
            let w = day.weekday
            var hit = weekdays & (1 << UInt8(w)) != 0
            if !hit && hasOrdinals {
                let (index, length) =
                    ordinalsWithinMonth
                    ? (day.dayOfMonth, day.monthLength) : (day.dayOfYear, day.yearLength)
                let n = (index - 1) / 7 + 1
                let fromEnd = (length - index) / 7 + 1
                hit = nth.contains(w * 54 + n) || nthFromEnd.contains(w * 54 + fromEnd)
            }
            guard hit else { return false }
        }
        if hasWeekNumbers {
            let week = WeekNumbering(weekStart: weekStart).week(ofDayNumber: day.dayNumber)
            let fromEnd = week.weeksInYear - week.number + 1
            guard
                weekNumbers & (1 << UInt64(week.number)) != 0
                    || weekNumbersFromEnd & (1 << UInt64(fromEnd)) != 0
            else { return false }
        }
        return true
    }
}

/// Where a day sits in its month and year: what the day-level rule parts look at.
struct DayPosition {
    var dayNumber: Int
    var dayOfMonth: Int
    var monthLength: Int
    var dayOfYear: Int
    var yearLength: Int
    /// Monday-first, 0…6.
    var weekday: Int
}

/// A set of small non-negative integers (days of a year, 1…366) in six 64-bit words.
struct DaySet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    init(_ values: [Int]) {
        for value in values where (0..<384).contains(value) { insert(value) }
    }

    private mutating func insert(_ value: Int) {
        let bit = UInt64(1) << UInt64(value % 64)
        switch value / 64 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        case 3: words.3 |= bit
        case 4: words.4 |= bit
        default: words.5 |= bit
        }
    }

    @inline(__always)
    func contains(_ value: Int) -> Bool {
        guard value >= 0, value < 384 else { return false }
        let bit = UInt64(1) << UInt64(value % 64)
        switch value / 64 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        case 3: return words.3 & bit != 0
        case 4: return words.4 & bit != 0
        default: return words.5 & bit != 0
        }
    }
}
