/// Finds the slot for one occurrence given what is already booked, and says why in
/// words a coordinator can forward to parents.
struct Placement {
    let scheduler: YearScheduler
    /// The forums each slot does not suit, counted and listed once per series and slot: a
    /// year's meetings of one series at one time share one list rather than each keep a copy.
    private let unsuitedForums: UnsuitedForums

    init(scheduler: YearScheduler) {
        self.scheduler = scheduler
        unsuitedForums = UnsuitedForums(series: scheduler.configuration.series.count)
    }

    /// A day the series could meet on, at the best venue free that day.
    struct Option {
        let date: CivilDate
        let start: ZonedDateTime
        let end: ZonedDateTime
        let slot: VenueSlot
        var venue: Venue? { slot.venue }
        /// How many invited forums the slot does not suit; `cannotAttend(…)` lists them.
        let unsuited: Int
    }

    /// An occurrence and, if it takes place, the venue slot to book.
    struct Placed {
        let occurrence: Occurrence
        let slot: VenueSlot
    }

    /// The occurrence placed, given what is booked so far. `displaced` lists the clashes a
    /// coordinator's move causes with meetings that would otherwise have been there.
    func place(_ item: YearScheduler.Item, _ override: Override?, bookings: Bookings, displaced: [String] = []) -> Placed {
        let context = item.context
        let ruleDate = item.ruleStart.local.date
        if let override {
            switch override.action {
            case .cancel: return notHappening(item, .cancelled, "Cancelled: \(override.reason)")
            case let .move(to, venue):
                return moved(item, to: to, venue: venue, why: override.reason, bookings: bookings, displaced: displaced)
            case .restore: break
            }
        }
        // A day its venue is closed, with no other venue to use, is closed for the series too.
        let closure = scheduler.closedReason(context, on: ruleDate) ?? venuesClosed(context.choices, on: ruleDate)
        let cause: String
        if let closure {
            if context.onClosed == .skip { return notHappening(item, .skipped, "Skipped: \(closure)") }
            cause = closure
        } else {
            switch option(context, on: ruleDate, bookings: bookings) {
            case let .success(option) where option.slot.id == context.venueID:
                return occurrence(item, option, status: .scheduled, reason: nil)
            case let .success(option):
                let why =
                    problem(
                        context, venue: context.choices[0], on: ruleDate, start: option.start,
                        end: option.end, bookings: bookings) ?? ""
                return occurrence(item, option, status: .moved, reason: "Moved to \(option.venue?.name ?? "online"): \(why)")
            case let .failure(blocked):
                cause = blocked.reason
            }
        }
        let days = candidateDays(context, from: ruleDate)
        var best: Option?
        for date in days {
            guard case let .success(option) = option(context, on: date, bookings: bookings) else { continue }
            if let current = best, !Self.better(option, than: current, from: ruleDate) { continue }
            best = option
        }
        guard let best else {
            let tried = noAlternative(context, from: ruleDate, openDays: days.count)
            return notHappening(item, .unplaced, "Unplaced: \(cause) and \(tried)")
        }
        let venueNote = best.slot.id == context.venueID ? "" : " at \(best.venue?.name ?? "online")"
        return occurrence(
            item, best, status: .moved,
            reason: "Moved from \(DayText.day(ruleDate)) to \(DayText.day(best.date))\(venueNote): \(cause)")
    }

    // MARK: Options

    struct Blocked: Error {
        let reason: String
    }

    /// The best venue free on `date`, or why none is.
    private func option(_ context: SeriesContext, on date: CivilDate, bookings: Bookings) -> Result<Option, Blocked> {
        let (start, end) = scheduler.slot(context.duration, at: LocalDateTime(date: date, time: context.startTime))
        var firstProblem: String?
        for slot in context.choices {
            if let problem = problem(context, venue: slot, on: date, start: start, end: end, bookings: bookings) {
                firstProblem = firstProblem ?? problem
                continue
            }
            return .success(
                Option(
                    date: date, start: start, end: end, slot: slot,
                    unsuited: unsuited(context, start: start, end: end)))
        }
        return .failure(Blocked(reason: firstProblem ?? "no venue"))
    }

    /// What stops the series meeting at `venue` from `start` to `end`, or nil.
    func problem(
        _ context: SeriesContext, venue slot: VenueSlot, on date: CivilDate, start: ZonedDateTime,
        end: ZonedDateTime, bookings: Bookings
    ) -> String? {
        // The slot's own fields first: the venue itself is read only to give a reason.
        if let id = slot.id, scheduler.hasVenueClosures, let closure = scheduler.venueClosure(id, on: date) {
            let name = slot.venue?.name ?? id
            return closure.contains(name) ? closure : "\(name) closed: \(closure)"
        }
        if slot.capacity < context.attendance {
            return "\(slot.venue?.name ?? "") holds \(slot.capacity) and \(context.attendance) are expected"
        }
        return venueClash(slot, start: start, end: end, bookings: bookings)
            ?? forumClash(context, slot, start: start, end: end, bookings: bookings)
    }

    /// Every clash at `venue` from `start` to `end` with what is booked: the venue's,
    /// then the first forum's (`problem` stops at the first).
    private func clashes(
        _ context: SeriesContext, venue slot: VenueSlot, start: ZonedDateTime, end: ZonedDateTime,
        bookings: Bookings
    ) -> [String] {
        [
            venueClash(slot, start: start, end: end, bookings: bookings),
            forumClash(context, slot, start: start, end: end, bookings: bookings),
        ].compactMap { $0 }
    }

    /// "County Hall booked by the SEND Strategy Board", if the venue is taken then.
    private func venueClash(_ slot: VenueSlot, start: ZonedDateTime, end: ZonedDateTime, bookings: Bookings) -> String? {
        guard slot.index >= 0, let clash = bookings.venueClash(slot.index, start: start.instant, end: end.instant)
        else { return nil }
        return "\(slot.venue?.name ?? "") booked by \(clash.title)"
    }

    /// "North Parents already at the Board", if an invited forum is elsewhere then.
    private func forumClash(
        _ context: SeriesContext, _ slot: VenueSlot, start: ZonedDateTime, end: ZonedDateTime,
        bookings: Bookings
    ) -> String? {
        guard
            let (forum, clash) = bookings.forumClash(
                context.invited, start: start.instant, end: end.instant,
                district: slot.district)
        else { return nil }
        return "\(scheduler.forums[forum].name) already at \(clash.title)"
    }

    /// The closure of the series' own venue when every venue it could use is closed on `date`.
    private func venuesClosed(_ choices: [VenueSlot], on date: CivilDate) -> String? {
        guard scheduler.hasVenueClosures, let own = choices[0].venue,
            choices.allSatisfy({ $0.venue.map { scheduler.venueClosure($0.id, on: date) != nil } ?? false }),
            let closure = scheduler.venueClosure(own.id, on: date)
        else { return nil }
        return closure.contains(own.name) ? closure : "\(own.name) closed: \(closure)"
    }

    /// Invited forums whose availability a slot does not suit. A meeting running past
    /// midnight suits nobody with set hours.
    private func cannotAttend(_ context: SeriesContext, start: ZonedDateTime, end: ZonedDateTime) -> [String] {
        let key = UnsuitedForums.Key(context, start: start, end: end)
        if let list = unsuitedForums[key]?.list { return list }
        var cannot: [String] = []
        forEachUnsuited(context, start: start, end: end) { cannot.append(context.invitedIDs[$0]) }
        unsuitedForums[key] = UnsuitedForums.Known(count: cannot.count, list: cannot)
        return cannot
    }

    /// How many invited forums a slot does not suit, without listing them.
    private func unsuited(_ context: SeriesContext, start: ZonedDateTime, end: ZonedDateTime) -> Int {
        let key = UnsuitedForums.Key(context, start: start, end: end)
        if let known = unsuitedForums[key] { return known.count }
        var count = 0
        forEachUnsuited(context, start: start, end: end) { _ in count += 1 }
        unsuitedForums[key] = UnsuitedForums.Known(count: count, list: nil)
        return count
    }

    private func forEachUnsuited(_ context: SeriesContext, start: ZonedDateTime, end: ZonedDateTime, _ body: (Int) -> Void) {
        let (from, to) = (start.local, end.local)
        let weekday = from.date.weekday
        for (index, hours) in context.invitedHours.enumerated() where !hours.isEmpty {
            if to.date != from.date || !hours.contains(where: { $0.contains(weekday: weekday, start: from.time, end: to.time) }) {
                body(index)
            }
        }
    }

    /// The days a series may move to, nearest first: in `on_closed`'s direction, within
    /// `max_move_days`, in the same year (and month, if the series says so), on open
    /// days, and not at a weekend unless the rule's own date is one.
    private func candidateDays(_ context: SeriesContext, from date: CivilDate) -> [CivilDate] {
        let direction: Int
        switch context.onClosed {
        case .skip: return []
        case .before: direction = -1
        case .after: direction = 1
        }
        guard context.maxMoveDays > 0 else { return [] }
        return (1...context.maxMoveDays).map { date.adding(days: direction * $0) }.filter { day in
            day.year == date.year && (!context.sameMonth || day.month == date.month)
                && (!day.weekday.isWeekend || date.weekday.isWeekend)
                && scheduler.closedReason(context, on: day) == nil
        }
    }

    /// Most invited forums able to come, then the nearest day, then the earlier one.
    private static func better(_ a: Option, than b: Option, from date: CivilDate) -> Bool {
        let (da, db) = (abs(date.days(until: a.date)), abs(date.days(until: b.date)))
        return (a.unsuited, da, a.date) < (b.unsuited, db, b.date)
    }

    /// What else was tried, for unplaced reasons: "no other step-free venue free in
    /// Ashcombe Vale that day", "no open day within 7 days after in August".
    private func noAlternative(_ context: SeriesContext, from date: CivilDate, openDays: Int) -> String {
        let own = context.choices[0].venue
        let venue = own == nil ? "slot" : (own?.stepFree == true ? "other step-free venue" : "other venue")
        let place = own.flatMap { scheduler.districtName($0.district) }.map { " in \($0)" } ?? ""
        switch context.onClosed {
        case .skip:
            return "no \(venue) free\(place) that day"
        case .before, .after:
            let days = "\(context.maxMoveDays) day\(context.maxMoveDays == 1 ? "" : "s")"
            let within =
                "within \(days) \(context.onClosed == .before ? "before" : "after")"
                + (context.sameMonth ? " in \(DayText.monthName(date.month))" : "")
            return openDays == 0
                ? "no open day \(within)" : "no free slot on the \(openDays) open day\(openDays == 1 ? "" : "s") \(within)"
        }
    }

    // MARK: Results

    private func occurrence(
        _ item: YearScheduler.Item, _ option: Option, status: Occurrence.Status,
        reason: String?, conflicts: [String] = []
    ) -> Placed {
        let context = item.context
        let cannot = option.unsuited == 0 ? [] : cannotAttend(context, start: option.start, end: option.end)
        return Placed(
            occurrence: Occurrence(
                uid: item.uid, facts: context.facts, ruleStart: item.ruleStart, start: option.start, end: option.end,
                venue: option.venue?.id, status: status, reason: reason, cannotAttend: cannot, conflicts: conflicts),
            slot: option.slot)
    }

    /// Skipped, cancelled or unplaced: shown at the rule's slot.
    private func notHappening(_ item: YearScheduler.Item, _ status: Occurrence.Status, _ reason: String) -> Placed {
        let context = item.context
        let end = scheduler.zone.adding(context.duration, to: item.ruleStart)
        return Placed(
            occurrence: Occurrence(
                uid: item.uid, facts: context.facts, ruleStart: item.ruleStart, start: item.ruleStart, end: end,
                venue: context.venueID, status: status, reason: reason),
            slot: context.choices[0])
    }

    // MARK: Coordinators' moves

    /// The clashes a series would have at `local` (and `venue`, or its own) with what is booked.
    func clashes(_ context: SeriesContext, at local: LocalDateTime, venue id: String?, bookings: Bookings) -> [String] {
        let (start, end) = scheduler.slot(context.duration, at: local)
        return clashes(context, venue: scheduler.venueSlot(id ?? context.venueID), start: start, end: end, bookings: bookings)
    }

    /// A move a coordinator asked for: applied as asked, with any clash or closed day
    /// reported rather than silently accepted.
    private func moved(
        _ item: YearScheduler.Item, to local: LocalDateTime, venue id: String?, why: String,
        bookings: Bookings, displaced: [String]
    ) -> Placed {
        let context = item.context
        let slot = scheduler.venueSlot(id ?? context.venueID)
        let venue = slot.venue
        let (start, end) = scheduler.slot(context.duration, at: local)
        var conflicts: [String] = []
        if let closed = scheduler.closedReason(context, on: local.date) {
            conflicts.append("\(DayText.day(local.date)) is closed: \(closed)")
        }
        if let problem = problem(context, venue: slot, on: local.date, start: start, end: end, bookings: bookings) {
            conflicts.append(problem)
        }
        for clash in displaced where !conflicts.contains(clash) { conflicts.append(clash) }
        let ruleDate = item.ruleStart.local.date
        var what = "Moved from \(DayText.day(ruleDate)) \(DayText.time(item.ruleStart.local.time))"
        what += " to \(DayText.day(local.date)) \(DayText.time(start.local.time))"
        if let venue, venue.id != context.venueID { what += " at \(venue.name)" }
        let option = Option(
            date: local.date, start: start, end: end, slot: slot,
            unsuited: unsuited(context, start: start, end: end))
        return occurrence(item, option, status: .moved, reason: "\(what) by the coordinators: \(why)", conflicts: conflicts)
    }
}

/// `Placement`'s counts and lists of the forums a slot does not suit, by series and slot
/// (what `forEachUnsuited` depends on: the weekday, the times and whether it runs past
/// midnight). A series nearly always meets at its own times, so the first slot asked
/// about for each series and weekday is kept in a flat table, by the series' rank: one
/// read at a known place, where a dictionary hashes a key and probes a table the size
/// of the year's meetings. Any other slot (a coordinator's move, a day the clocks
/// change) is kept in a dictionary.
private final class UnsuitedForums {
    struct Key: Hashable {
        let series: Int
        let weekday: Weekday
        /// Seconds since midnight.
        let from: Int32
        /// Seconds since midnight, a day more when the slot runs past midnight.
        let to: Int32

        init(_ context: SeriesContext, start: ZonedDateTime, end: ZonedDateTime) {
            let (from, to) = (start.local, end.local)
            series = context.rank
            weekday = from.date.weekday
            self.from = Int32(from.time.secondsSinceMidnight)
            self.to = Int32(to.time.secondsSinceMidnight + (to.date == from.date ? 0 : 86_400))
        }

        var first: Int { series * 7 + weekday.rawValue }
    }

    /// How many, and (once asked for) which.
    struct Known {
        let count: Int
        let list: [String]?
    }

    private var first: [(from: Int32, to: Int32, known: Known)?]
    private var others: [Key: Known] = [:]

    init(series: Int) {
        first = Array(repeating: nil, count: series * 7)
    }

    subscript(key: Key) -> Known? {
        get {
            if let slot = first[key.first], slot.from == key.from, slot.to == key.to { return slot.known }
            return others.isEmpty ? nil : others[key]
        }
        set {
            guard let newValue else { return }
            let slot = first[key.first]
            if slot == nil || (slot?.from == key.from && slot?.to == key.to) {
                first[key.first] = (key.from, key.to, newValue)
            } else {
                others[key] = newValue
            }
        }
    }
}
