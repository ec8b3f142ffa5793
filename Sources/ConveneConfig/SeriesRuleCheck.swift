import ConveneCore

/// Checks a series' rule against what a coordinator meant: that DTSTART is one of
/// its dates, that it produces meetings at all, and that a monthly rule has a date
/// every month ("5th Friday" when "last Friday" was meant).
struct SeriesRuleCheck {
    let series: MeetingSeries
    let zone: ZoneRules
    let file: TableReader
    /// The rule as the coordinator wrote it, for messages.
    let ruleText: String

    /// How far ahead the checks look.
    static let horizonYears = 10
    /// More meetings than this within the horizon (about three a day) is a mistake, such
    /// as FREQ=MINUTELY, and the checks stop there rather than list them all: every
    /// second for ten years would keep a reload busy for hours.
    static let maximumMeetings = 10_000

    func run() {
        guard let rule = series.recurrence.rule,
            let (_, ruleLocation) = file.located("rrule"), let (_, startLocation) = file.located("dtstart")
        else { return }
        let start = series.recurrence.start
        let ruleOnly = Recurrence(start: start, rule: rule)
        let horizon = LocalDateTime(date: start.date.adding(days: 366 * Self.horizonYears), time: start.time)
        let dates = ruleOnly.occurrences(in: zone, from: nil, to: zone.resolve(horizon).instant)
            .prefix(Self.maximumMeetings + 1).map(\.local.date)
        if dates.count > Self.maximumMeetings {
            file.error(
                ruleLocation,
                "\(ruleText) gives more than \(Self.maximumMeetings) meetings in the next \(Self.horizonYears) years; a series meets at most a few times a day"
            )
            return
        }

        if !ruleOnly.ruleIncludesStart {
            var message =
                "\(start.date) (\(start.date.weekday.name)) is not a date the rule gives, but it still counts as the first meeting (RFC 5545 DTSTART)"
            if let first = dates.dropFirst().first { message += "; the rule's first date is \(first)" }
            file.warning(startLocation, message)
        }
        if dates.count <= 1, rule.count != 1 {
            file.error(
                ruleLocation, "\(ruleText) gives no date after dtstart \(start.date) in the next \(Self.horizonYears) years")
            return
        }
        if rule.frequency == .monthly { checkEveryMonth(rule, dates: dates, location: ruleLocation) }
    }

    /// Every INTERVAL-th month from DTSTART's, up to the rule's end or the horizon,
    /// should have a date.
    private func checkEveryMonth(_ rule: RecurrenceRule, dates: [CivilDate], location: SourceLocation) {
        func index(_ date: CivilDate) -> Int { date.year * 12 + date.month - 1 }
        let first = index(series.recurrence.start.date)
        var last = first + 12 * Self.horizonYears - 1
        if rule.count != nil, let end = dates.last { last = index(end) }
        if case let .date(until)? = rule.until { last = min(last, index(until) - 1) }
        if case let .local(until)? = rule.until { last = min(last, index(until.date) - 1) }
        if case let .utc(instant)? = rule.until { last = min(last, index(zone.zoned(instant: instant).local.date) - 1) }
        let covered = Set(dates.map(index))
        // Months that BYMONTH leaves out are meant to be empty (a quarterly rule).
        let empty = stride(from: first, through: last, by: rule.interval).filter {
            !covered.contains($0) && (rule.byMonth.isEmpty || rule.byMonth.contains($0 % 12 + 1))
        }
        guard let firstEmpty = empty.first else { return }
        let month = CivilDate(year: firstEmpty / 12, month: firstEmpty % 12 + 1, day: 1)!
        var message = "\(ruleText) gives no date in \(Self.monthName(month.month)) \(month.year)"
        if empty.count > 1 { message += " (and \(empty.count - 1) more months in the next \(Self.horizonYears) years)" }
        if series.allowEmptyMonths {
            file.warning(location, message + "; allowed by allow_empty_months")
        } else {
            let hint =
                rule.byDay.contains { ($0.ordinal ?? 0) == 5 }
                ? "for the last such weekday use -1 (e.g. -1FR); " : ""
            file.error(location, message + "; \(hint)set allow_empty_months = true if months without a meeting are intended")
        }
    }

    static func monthName(_ month: Int) -> String {
        [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ][month - 1]
    }
}
