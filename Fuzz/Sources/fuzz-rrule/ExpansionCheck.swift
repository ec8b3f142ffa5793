import ConveneCore
import FuzzSupport

/// The invariants of one recurrence's expansion that are cheap to state: instances in
/// order and never repeated, inside the window asked for, DTSTART first, no more than
/// COUNT, none after UNTIL, each on a day the BYxxx parts allow; and the same
/// instances whichever way the window is walked (from DTSTART, or skipping ahead).
struct ExpansionCheck {
    static let zone = ZoneRules(identifier: "Europe/London")!
    /// At most this many instances are taken from one window, so a SECONDLY rule stays cheap.
    static let limit = 2_000
    static let year = 366 * 86_400

    let recurrence: Recurrence

    func run() {
        let zone = Self.zone
        let start = zone.resolve(recurrence.start).instant
        let from = start - 86_400
        let to = start + 3 * Self.year
        let all = instances(from: from, to: to)
        checkOrderAndWindow(all, from: from, to: to)
        checkRule(all, start: start)

        // The later part of the window, walked with periods before it skipped.
        let middle = start + 2 * Self.year
        let later = instances(from: middle, to: to)
        checkOrderAndWindow(later, from: middle, to: to)
        if all.count < Self.limit, later.count < Self.limit {
            let expected = all.filter { $0 >= middle }
            require(
                later == expected,
                "\(recurrence): from \(middle) gives \(later.prefix(5))…, walking from DTSTART gives \(expected.prefix(5))…")
        }

        // The whole window again, without a start: every period from DTSTART is walked.
        let unbounded = Array(recurrence.occurrences(in: zone, from: nil, to: to).prefix(Self.limit).map(\.instant))
        if all.count < Self.limit, unbounded.count < Self.limit {
            let expected = unbounded.filter { $0 >= from }
            require(
                all == expected,
                "\(recurrence): the window gives \(all.prefix(5))…, walking without a start gives \(expected.prefix(5))…")
        }
    }

    private func instances(from: Int, to: Int) -> [Int] {
        Array(recurrence.occurrences(in: Self.zone, from: from, to: to).prefix(Self.limit).map(\.instant))
    }

    private func checkOrderAndWindow(_ instants: [Int], from: Int, to: Int) {
        for (earlier, later) in zip(instants, instants.dropFirst()) {
            require(earlier < later, "\(recurrence): \(earlier) comes before \(later) (out of order or repeated)")
        }
        if let first = instants.first, let last = instants.last {
            require(first >= from && last < to, "\(recurrence): \(first)…\(last) is outside the window \(from)..<\(to)")
        }
    }

    /// What COUNT, UNTIL, EXDATE and the BYxxx parts promise about the instances of a
    /// window that holds DTSTART.
    private func checkRule(_ instants: [Int], start: Int) {
        let zone = Self.zone
        let excluded = Set(recurrence.exclusions.map { zone.resolve($0).instant })
        let added = Set(recurrence.additions.map { zone.resolve($0).instant })
        for instant in instants {
            require(!excluded.contains(instant), "\(recurrence): \(instant) is an EXDATE but was given")
        }
        // DTSTART comes first; only next to a spring-forward gap can a later wall time
        // resolve to an earlier instant, by at most the gap.
        if added.isEmpty, !excluded.contains(start), let first = instants.first {
            require(
                first == start || (first > start - zone.largestForwardJump && instants.contains(start)),
                "\(recurrence): the first instance is \(first), not DTSTART \(start)")
        }
        guard let rule = recurrence.rule else {
            require(instants.allSatisfy { $0 == start || added.contains($0) }, "\(recurrence): an instance without a rule")
            return
        }
        if let count = rule.count {
            require(instants.count <= count + added.count, "\(recurrence): \(instants.count) instances, COUNT=\(count)")
        }
        for instant in instants where instant != start && !added.contains(instant) {
            let local = zone.zoned(instant: instant).local
            checkUntil(rule, local: local, instant: instant)
            // A wall time in a spring-forward gap moves by an hour, never to another day,
            // so the date-level parts hold for every instance.
            let date = local.date
            require(
                rule.byMonth.isEmpty || rule.byMonth.contains(date.month),
                "\(recurrence): \(local) is not in a BYMONTH month")
            require(
                rule.byDay.isEmpty || rule.byDay.contains { $0.weekday == date.weekday },
                "\(recurrence): \(local) is not on a BYDAY weekday")
            let monthLength = CivilDate.daysInMonth(year: date.year, month: date.month)
            require(
                rule.byMonthDay.isEmpty || rule.byMonthDay.contains { $0 == date.day || monthLength + 1 + $0 == date.day },
                "\(recurrence): \(local) is not on a BYMONTHDAY day")
        }
    }

    private func checkUntil(_ rule: RecurrenceRule, local: LocalDateTime, instant: Int) {
        switch rule.until {
        case nil: break
        case let .date(date)?: require(local.date <= date, "\(recurrence): \(local) is after UNTIL")
        case let .local(until)?:
            require(
                instant <= Self.zone.resolve(until).instant + Self.zone.largestForwardJump,
                "\(recurrence): \(local) is after UNTIL")
        case let .utc(until)?: require(instant <= until, "\(recurrence): \(local) is after UNTIL")
        }
    }
}
