/// A rule compiled against its DTSTART: RFC 5545's implied parts filled in (a
/// MONTHLY rule with no day parts repeats on DTSTART's day of the month, and so on),
/// times of day listed, and the arithmetic that maps a period index to its days.
struct RulePlan: Sendable {
    let frequency: RecurrenceRule.Frequency
    let interval: Int
    let days: DayMatcher
    /// Seconds since midnight of each instance in a day (YEARLY…DAILY), ascending.
    let times: [Int]
    /// BYHOUR/BYMINUTE/BYSECOND as masks, and the minute and second lists, for the
    /// sub-daily frequencies.
    let hours: UInt32
    let minutes: UInt64
    let seconds: UInt64
    let minuteList: [Int]
    let secondList: [Int]
    let setPositions: [Int]
    /// The period index 0 in the frequency's own unit: a year, a month index
    /// (year × 12 + month − 1), the day that starts DTSTART's week, a day, an hour,
    /// a minute or a second since the epoch.
    let origin: Int
    /// False when the sub-daily parts can never line up with INTERVAL, e.g.
    /// `FREQ=HOURLY;INTERVAL=2;BYHOUR=3` from 10:00.
    let canEverMatch: Bool

    /// 9999-12-31T23:59:59, the last wall time expansion reaches.
    static let endOfTime = CivilDate.dayNumber(year: RuleExpansion.lastYear + 1, month: 1, day: 1) * 86_400 - 1

    init(rule: RecurrenceRule, start: LocalDateTime) {
        var rule = rule
        let date = start.date
        let time = start.time
        // RFC 5545 §3.3.10: parts that are missing take their value from DTSTART.
        if rule.byWeekNumber.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty, rule.byDay.isEmpty {
            switch rule.frequency {
            case .yearly:
                if rule.byMonth.isEmpty { rule.byMonth = [date.month] }
                rule.byMonthDay = [date.day]
            case .monthly:
                rule.byMonthDay = [date.day]
            case .weekly:
                rule.byDay = [.init(date.weekday)]
            default:
                break
            }
        }
        if rule.frequency < .hourly, rule.byHour.isEmpty { rule.byHour = [time.hour] }
        if rule.frequency < .minutely, rule.byMinute.isEmpty { rule.byMinute = [time.minute] }
        if rule.frequency < .secondly, rule.bySecond.isEmpty { rule.bySecond = [time.second] }

        frequency = rule.frequency
        interval = rule.interval
        days = DayMatcher(rule)
        hours = rule.byHour.reduce(0) { $0 | 1 << UInt32($1) }
        minutes = rule.byMinute.reduce(0) { $0 | 1 << UInt64($1) }
        seconds = rule.bySecond.reduce(0) { $0 | 1 << UInt64($1) }
        minuteList = rule.byMinute
        secondList = rule.bySecond
        setPositions = rule.bySetPosition
        var times: [Int] = []
        if rule.frequency <= .daily {
            for h in rule.byHour {
                for m in rule.byMinute {
                    for s in rule.bySecond { times.append(h * 3600 + m * 60 + s) }
                }
            }
        }
        self.times = times.sorted()

        let day = date.dayNumber
        switch rule.frequency {
        case .yearly: origin = date.year
        case .monthly: origin = date.year * 12 + date.month - 1
        case .weekly: origin = day - (date.weekday.rawValue - rule.weekStart.rawValue + 7) % 7
        case .daily: origin = day
        case .hourly: origin = day * 24 + time.hour
        case .minutely: origin = (day * 24 + time.hour) * 60 + time.minute
        case .secondly: origin = start.wallSeconds
        }
        canEverMatch = RulePlan.reachable(rule: rule, start: start)
    }

    // MARK: Periods

    /// Seconds in one unit of a sub-daily frequency.
    private var unitSeconds: Int {
        switch frequency {
        case .hourly: 3600
        case .minutely: 60
        default: 1
        }
    }

    /// The first and last day number of period `k` (YEARLY…DAILY).
    func dayRange(_ k: Int) -> (Int, Int) {
        switch frequency {
        case .yearly:
            let year = origin + k * interval
            return (CivilDate.dayNumber(year: year, month: 1, day: 1), CivilDate.dayNumber(year: year, month: 12, day: 31))
        case .monthly:
            let index = origin + k * interval
            let year = index.floorDivided(by: 12)
            let month = index - year * 12 + 1
            let first = CivilDate.dayNumber(year: year, month: month, day: 1)
            return (first, first + CivilDate.daysInMonth(year: year, month: month) - 1)
        case .weekly:
            let first = origin + k * 7 * interval
            return (first, first + 6)
        default:
            let day = origin + k * interval
            return (day, day)
        }
    }

    /// The wall time at which period `k` starts.
    func periodStart(_ k: Int) -> Int {
        frequency <= .daily ? dayRange(k).0 * 86_400 : (origin + k * interval) * unitSeconds
    }

    /// The index of the period holding wall time `wall` (0 if it is before DTSTART's).
    func periodIndex(containing wall: Int) -> Int {
        let date = LocalDateTime(wallSeconds: wall).date
        let unitsFromOrigin: Int
        switch frequency {
        case .yearly: unitsFromOrigin = date.year - origin
        case .monthly: unitsFromOrigin = date.year * 12 + date.month - 1 - origin
        case .weekly: unitsFromOrigin = (date.dayNumber - origin).floorDivided(by: 7)
        case .daily: unitsFromOrigin = date.dayNumber - origin
        default: unitsFromOrigin = wall.floorDivided(by: unitSeconds) - origin
        }
        return max(0, unitsFromOrigin.floorDivided(by: interval))
    }

    /// HOURLY…SECONDLY: finds the next period from `k` whose day, hour and minute pass
    /// the rule, appends its instances to `out`, and returns the index after it. Days,
    /// hours or minutes that fail are skipped whole rather than unit by unit.
    func fillTimePeriod(_ k: Int, into out: inout [Int], through lastWall: Int) -> Int {
        var k = k
        let unit = unitSeconds
        var checkedDay = Int.min
        var dayMatches = false
        while true {
            let wall = (origin + k * interval) * unit
            if wall > lastWall { return k }
            let day = wall.floorDivided(by: 86_400)
            if day != checkedDay {
                checkedDay = day
                dayMatches = matches(day: day)
            }
            let secondOfDay = wall - day * 86_400
            let hour = secondOfDay / 3600
            let minute = secondOfDay / 60 % 60
            if !dayMatches {
                k = firstIndex(atOrAfter: (day + 1) * 86_400, after: k)
                continue
            }
            if hours != 0, hours & (1 << UInt32(hour)) == 0 {
                k = frequency == .hourly ? k + 1 : firstIndex(atOrAfter: (wall / 3600 + 1) * 3600, after: k)
                continue
            }
            switch frequency {
            case .hourly:
                for m in minuteList {
                    for s in secondList { out.append(wall + m * 60 + s) }
                }
            case .minutely:
                guard minutes == 0 || minutes & (1 << UInt64(minute)) != 0 else {
                    k += 1
                    continue
                }
                for s in secondList { out.append(wall + s) }
            default:
                guard minutes == 0 || minutes & (1 << UInt64(minute)) != 0 else {
                    k = firstIndex(atOrAfter: (wall.floorDivided(by: 60) + 1) * 60, after: k)
                    continue
                }
                guard seconds == 0 || seconds & (1 << UInt64(secondOfDay % 60)) != 0 else {
                    k += 1
                    continue
                }
                out.append(wall)
            }
            return k + 1
        }
    }

    /// The first period index after `k` whose start is at or after `wall`.
    private func firstIndex(atOrAfter wall: Int, after k: Int) -> Int {
        let units = wall.floorDivided(by: unitSeconds) - origin
        let index = (units + interval - 1).floorDivided(by: interval)
        return max(k + 1, index)
    }

    private func matches(day: Int) -> Bool {
        let date = CivilDate(dayNumber: day)
        guard days.allows(month: date.month) else { return false }
        return days.matches(
            DayPosition(
                dayNumber: day, dayOfMonth: date.day,
                monthLength: CivilDate.daysInMonth(year: date.year, month: date.month),
                dayOfYear: day - CivilDate.dayNumber(year: date.year, month: 1, day: 1) + 1,
                yearLength: CivilDate.daysInYear(date.year),
                weekday: CivilDate.weekday(ofDayNumber: day).rawValue))
    }

    /// BYSETPOS: the chosen positions (1 = first, −1 = last) of a period's instances,
    /// ascending and without repeats.
    func selectPositions(_ candidates: [Int]) -> [Int] {
        var chosen: [Int] = []
        for position in setPositions {
            let index = position > 0 ? position - 1 : candidates.count + position
            if index >= 0, index < candidates.count { chosen.append(candidates[index]) }
        }
        chosen.sort()
        var unique: [Int] = []
        for value in chosen where unique.last != value { unique.append(value) }
        return unique
    }

    /// Whether a sub-daily rule's BYHOUR (and, for MINUTELY and SECONDLY, BYMINUTE and
    /// BYSECOND) can ever coincide with the times INTERVAL steps through. The steps visit
    /// exactly the times of day congruent to DTSTART's modulo gcd(step, one day).
    private static func reachable(rule: RecurrenceRule, start: LocalDateTime) -> Bool {
        guard rule.frequency > .daily else { return true }
        let unit = rule.frequency == .hourly ? 3600 : rule.frequency == .minutely ? 60 : 1
        let cycle = gcd(rule.interval * unit, 86_400)
        let target = start.time.secondsSinceMidnight / unit * unit % cycle
        let hours = rule.byHour.isEmpty ? Array(0..<24) : rule.byHour
        let minutes = rule.frequency == .hourly ? [0] : rule.byMinute.isEmpty ? Array(0..<60) : rule.byMinute
        let seconds = rule.frequency != .secondly ? [0] : rule.bySecond.isEmpty ? Array(0..<60) : rule.bySecond
        for h in hours {
            for m in minutes {
                for s in seconds where (h * 3600 + m * 60 + s) % cycle == target { return true }
            }
        }
        return false
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

extension Int {
    /// Division rounding towards negative infinity, for times before 1970.
    @inline(__always)
    func floorDivided(by divisor: Int) -> Int {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}
