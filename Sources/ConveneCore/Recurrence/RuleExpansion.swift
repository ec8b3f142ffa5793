/// Expands one rule from its DTSTART into wall-clock instances, in order, period by
/// period (a year, month, week, day, hour, minute or second per FREQ and INTERVAL).
///
/// Each period's candidates are the days passing `DayMatcher` times the times of day
/// from BYHOUR/BYMINUTE/BYSECOND; BYSETPOS then picks among them; instances before
/// DTSTART are dropped. COUNT, UNTIL and DTSTART's own place in the set are handled
/// by `Recurrence`. Values are wall-clock seconds (`LocalDateTime.wallSeconds`).
struct RuleExpansion {
    private let rule: RecurrenceRule
    private let plan: RulePlan
    private let start: Int
    /// Index of the next period to expand.
    private var period: Int
    private var pending: [Int] = []
    /// Matching days of the month being expanded, reused to avoid allocating.
    private var matchingDays: [Int] = []
    private var pendingIndex = 0
    private var exhausted: Bool
    /// No period starting after this wall time is expanded.
    private var lastWall = RulePlan.endOfTime

    /// Instances are never produced past this year, as in most calendar software.
    static let lastYear = 9999

    init(rule: RecurrenceRule, plan: RulePlan, start: LocalDateTime) {
        self.rule = rule
        self.start = start.wallSeconds
        self.plan = plan
        period = 0
        exhausted = !plan.canEverMatch
        pending.reserveCapacity(16)
        matchingDays.reserveCapacity(31)
    }

    /// Skips whole periods that end before `wall`, so a window far from DTSTART does not
    /// walk every period in between. Only valid without COUNT, which needs every instance.
    mutating func skip(toPeriodContaining wall: Int) {
        period = max(period, plan.periodIndex(containing: wall))
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
    }

    /// Stops expansion at periods starting after `wall`: a window's end or UNTIL, so a
    /// rule that seldom or never matches does not walk on to the year 9999.
    mutating func stop(after wall: Int) {
        lastWall = min(lastWall, wall)
    }

    /// The next instance at or after DTSTART, or nil when there are no more.
    mutating func next() -> Int? {
        while true {
            if pendingIndex < pending.count {
                let value = pending[pendingIndex]
                pendingIndex += 1
                if value >= start { return value }
                continue
            }
            if exhausted { return nil }
            fillNextPeriod()
        }
    }

    /// The first wall time of the next period still to be expanded.
    var nextPeriodStart: Int { plan.periodStart(period) }

    private mutating func fillNextPeriod() {
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
        if plan.periodStart(period) > lastWall {
            exhausted = true
            return
        }
        if rule.frequency <= .daily {
            fillDays(period: period)
            period += 1
        } else {
            period = plan.fillTimePeriod(period, into: &pending, through: lastWall)
        }
        if !rule.bySetPosition.isEmpty, !pending.isEmpty {
            pending = plan.selectPositions(pending)
        }
    }

    /// YEARLY…DAILY: every matching day in the period, at each time of `plan.times`.
    private mutating func fillDays(period: Int) {
        let (first, last) = plan.dayRange(period)
        let days = plan.days
        let times = plan.times
        var day = first
        while day <= last {
            let date = CivilDate(dayNumber: day)
            let monthLength = CivilDate.daysInMonth(year: date.year, month: date.month)
            let monthEnd = min(last, day + monthLength - date.day)
            if days.allows(month: date.month), days.shortcut != .none {
                matchingDays.removeAll(keepingCapacity: true)
                days.appendMatches(
                    monthStart: day - date.day + 1, monthLength: monthLength, from: date.day,
                    to: date.day + monthEnd - day, into: &matchingDays)
                for d in matchingDays {
                    let midnight = d * 86_400
                    for time in times { pending.append(midnight + time) }
                }
            } else if days.allows(month: date.month) {
                let january1 = CivilDate.dayNumber(year: date.year, month: 1, day: 1)
                var position = DayPosition(
                    dayNumber: day, dayOfMonth: date.day, monthLength: monthLength,
                    dayOfYear: day - january1 + 1, yearLength: CivilDate.daysInYear(date.year),
                    weekday: CivilDate.weekday(ofDayNumber: day).rawValue)
                for d in day...monthEnd {
                    if days.matches(position) {
                        let midnight = d * 86_400
                        for time in times { pending.append(midnight + time) }
                    }
                    position.dayNumber += 1
                    position.dayOfMonth += 1
                    position.dayOfYear += 1
                    position.weekday = position.weekday == 6 ? 0 : position.weekday + 1
                }
            }
            day = monthEnd + 1
        }
    }
}
