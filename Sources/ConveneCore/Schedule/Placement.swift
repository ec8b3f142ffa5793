/// Finds the slot for one occurrence given what is already booked, and says why in
/// words a coordinator can forward to parents.
struct Placement {
    let scheduler: YearScheduler
    private var venueChoices: [String: [Venue?]] = [:]

    init(scheduler: YearScheduler) {
        self.scheduler = scheduler
    }

    /// A day the series could meet on, at the best venue free that day.
    struct Option {
        let date: CivilDate
        let start: ZonedDateTime
        let end: ZonedDateTime
        let venue: Venue?
        let cannotAttend: [String]
    }

    /// The occurrence placed, given what is booked so far. `displaced` lists the clashes a
    /// coordinator's move causes with meetings that would otherwise have been there.
    mutating func place(_ item: YearScheduler.Item, _ override: Override?, bookings: Bookings,
                        displaced: [String] = []) -> Occurrence {
        let series = item.series
        let ruleDate = item.ruleStart.local.date
        let ruleEnd = scheduler.slot(series, on: ruleDate).end
        func unplaced(_ status: Occurrence.Status, _ reason: String) -> Occurrence {
            Occurrence(uid: item.uid, series: series.id, title: series.title, ruleStart: item.ruleStart,
                       start: item.ruleStart, end: ruleEnd, venue: series.venue, online: series.online,
                       invited: series.invited, status: status, reason: reason)
        }
        if let override {
            switch override.action {
            case .cancel: return unplaced(.cancelled, "Cancelled: \(override.reason)")
            case let .move(to, venue):
                return moved(item, to: to, venue: venue, why: override.reason, bookings: bookings, displaced: displaced)
            case .restore: break
            }
        }
        if venueChoices[series.id] == nil { venueChoices[series.id] = scheduler.venueChoices(series) }
        let choices = venueChoices[series.id] ?? [nil]

        // A day its venue is closed, with no other venue to use, is closed for the series too.
        let closure = scheduler.closedReason(series, on: ruleDate) ?? venuesClosed(choices, on: ruleDate)
        var cause = closure
        if let closure, series.onClosed == .skip {
            return unplaced(.skipped, "Skipped: \(closure)")
        }
        if closure == nil {
            switch option(series, on: ruleDate, choices: choices, bookings: bookings) {
            case let .success(option):
                return occurrence(item, option, status: option.venue?.id == series.venue ? .scheduled : .moved,
                                  reason: option.venue?.id == series.venue ? nil
                                      : "Moved to \(option.venue?.name ?? "online"): \(blocker(series, on: ruleDate, bookings: bookings) ?? "")")
            case let .failure(blocked):
                cause = blocked.reason
            }
        }
        let why = cause ?? ""
        let days = candidateDays(series, from: ruleDate)
        var best: Option?
        for date in days {
            guard case let .success(option) = option(series, on: date, choices: choices, bookings: bookings) else { continue }
            if let current = best, !Self.better(option, than: current, from: ruleDate) { continue }
            best = option
        }
        guard let best else {
            let tried = noAlternative(series, from: ruleDate, choices: choices, openDays: days.count)
            return unplaced(.unplaced, "Unplaced: \(why) and \(tried)")
        }
        let venueNote = best.venue?.id == series.venue ? "" : " at \(best.venue?.name ?? "online")"
        return occurrence(item, best, status: .moved,
                          reason: "Moved from \(DayText.day(ruleDate)) to \(DayText.day(best.date))\(venueNote): \(why)")
    }

    // MARK: Options

    struct Blocked: Error {
        let reason: String
    }

    /// The best venue free on `date`, or why none is.
    private func option(_ series: MeetingSeries, on date: CivilDate, choices: [Venue?],
                        bookings: Bookings) -> Result<Option, Blocked> {
        let (start, end) = scheduler.slot(series, on: date)
        var firstProblem: String?
        for venue in choices {
            if let problem = problem(series, venue: venue, on: date, start: start, end: end, bookings: bookings) {
                firstProblem = firstProblem ?? problem
                continue
            }
            return .success(Option(date: date, start: start, end: end, venue: venue,
                                   cannotAttend: scheduler.cannotAttend(series, start: start, end: end)))
        }
        return .failure(Blocked(reason: firstProblem ?? "no venue"))
    }

    /// What stops the series meeting at `venue` from `start` to `end`, or nil.
    func problem(_ series: MeetingSeries, venue: Venue?, on date: CivilDate, start: ZonedDateTime, end: ZonedDateTime,
                 bookings: Bookings) -> String? {
        if let venue {
            if let closure = scheduler.venueClosure(venue.id, on: date) {
                return closure.contains(venue.name) ? closure : "\(venue.name) closed: \(closure)"
            }
            if venue.capacity < series.attendance {
                return "\(venue.name) holds \(venue.capacity) and \(series.attendance) are expected"
            }
            if let clash = bookings.venueClash(venue.id, start: start.instant, end: end.instant) {
                return "\(venue.name) booked by \(clash.title)"
            }
        }
        if let (forum, clash) = bookings.forumClash(series.invited, start: start.instant, end: end.instant,
                                                    district: venue?.district) {
            return "\(scheduler.forumName(forum)) already at \(clash.title)"
        }
        return nil
    }

    /// Why the series' own venue cannot be used on its rule date (for "Moved to …" reasons).
    private func blocker(_ series: MeetingSeries, on date: CivilDate, bookings: Bookings) -> String? {
        let (start, end) = scheduler.slot(series, on: date)
        return problem(series, venue: series.venue.flatMap(scheduler.venue), on: date, start: start, end: end, bookings: bookings)
    }

    /// The closure of the series' own venue when every venue it could use is closed on `date`.
    private func venuesClosed(_ choices: [Venue?], on date: CivilDate) -> String? {
        guard let own = choices.first ?? nil,
              choices.allSatisfy({ $0.map { scheduler.venueClosure($0.id, on: date) != nil } ?? false }),
              let closure = scheduler.venueClosure(own.id, on: date) else { return nil }
        return closure.contains(own.name) ? closure : "\(own.name) closed: \(closure)"
    }

    /// The days a series may move to, nearest first: in `on_closed`'s direction, within
    /// `max_move_days`, in the same year (and month, if the series says so), on open
    /// days, and not at a weekend unless the rule's own date is one.
    private func candidateDays(_ series: MeetingSeries, from date: CivilDate) -> [CivilDate] {
        let direction: Int
        switch series.onClosed {
        case .skip: return []
        case .before: direction = -1
        case .after: direction = 1
        }
        guard series.maxMoveDays > 0 else { return [] }
        return (1...series.maxMoveDays).map { date.adding(days: direction * $0) }.filter { day in
            day.year == date.year && (!series.sameMonth || day.month == date.month)
                && (!day.weekday.isWeekend || date.weekday.isWeekend)
                && scheduler.closedReason(series, on: day) == nil
        }
    }

    /// Most invited forums able to come, then the nearest day, then the earlier one.
    private static func better(_ a: Option, than b: Option, from date: CivilDate) -> Bool {
        let (da, db) = (abs(date.days(until: a.date)), abs(date.days(until: b.date)))
        return (a.cannotAttend.count, da, a.date) < (b.cannotAttend.count, db, b.date)
    }

    /// What else was tried, for unplaced reasons: "no other step-free venue free in
    /// Ashcombe Vale that day", "no open day within 7 days after in August".
    private func noAlternative(_ series: MeetingSeries, from date: CivilDate, choices: [Venue?], openDays: Int) -> String {
        let own = choices.first ?? nil
        let district = own.flatMap { venue in scheduler.configuration.districts.first { $0.id == venue.district }?.name }
        let venue = own == nil ? "slot" : (own?.stepFree == true ? "other step-free venue" : "other venue")
        let place = district.map { " in \($0)" } ?? ""
        switch series.onClosed {
        case .skip:
            return "no \(venue) free\(place) that day"
        case .before, .after:
            let within = "within \(series.maxMoveDays) day\(series.maxMoveDays == 1 ? "" : "s") \(series.onClosed == .before ? "before" : "after")"
                + (series.sameMonth ? " in \(DayText.monthName(date.month))" : "")
            return openDays == 0 ? "no open day \(within)" : "no free slot on the \(openDays) open day\(openDays == 1 ? "" : "s") \(within)"
        }
    }

    private func occurrence(_ item: YearScheduler.Item, _ option: Option, status: Occurrence.Status,
                            reason: String?, conflicts: [String] = []) -> Occurrence {
        Occurrence(uid: item.uid, series: item.series.id, title: item.series.title, ruleStart: item.ruleStart,
                   start: option.start, end: option.end, venue: option.venue?.id, online: item.series.online,
                   invited: item.series.invited, status: status, reason: reason, cannotAttend: option.cannotAttend,
                   conflicts: conflicts)
    }

    // MARK: Coordinators' moves

    /// A move a coordinator asked for: applied as asked, with any clash or closed day
    /// reported rather than silently accepted.
    /// The clashes a series would have at `local` (and `venue`, or its own) with what is booked.
    func clashes(_ series: MeetingSeries, at local: LocalDateTime, venue id: String?, bookings: Bookings) -> [String] {
        let venue = (id ?? series.venue).flatMap(scheduler.venue)
        let (start, end) = scheduler.slot(series, at: local)
        var found: [String] = []
        if let venue, let clash = bookings.venueClash(venue.id, start: start.instant, end: end.instant) {
            found.append("\(venue.name) booked by \(clash.title)")
        }
        if let (forum, clash) = bookings.forumClash(series.invited, start: start.instant, end: end.instant,
                                                    district: venue?.district) {
            found.append("\(scheduler.forumName(forum)) already at \(clash.title)")
        }
        return found
    }

    private func moved(_ item: YearScheduler.Item, to local: LocalDateTime, venue id: String?, why: String,
                       bookings: Bookings, displaced: [String]) -> Occurrence {
        let series = item.series
        let venue = (id ?? series.venue).flatMap(scheduler.venue)
        let (start, end) = scheduler.slot(series, at: local)
        var conflicts: [String] = []
        if let closed = scheduler.closedReason(series, on: local.date) {
            conflicts.append("\(DayText.day(local.date)) is closed: \(closed)")
        }
        if let problem = problem(series, venue: venue, on: local.date, start: start, end: end, bookings: bookings) {
            conflicts.append(problem)
        }
        for clash in displaced where !conflicts.contains(clash) { conflicts.append(clash) }
        let ruleDate = item.ruleStart.local.date
        var what = "Moved from \(DayText.day(ruleDate)) \(DayText.time(item.ruleStart.local.time))"
        what += " to \(DayText.day(local.date)) \(DayText.time(start.local.time))"
        if let venue, venue.id != series.venue { what += " at \(venue.name)" }
        let option = Option(date: local.date, start: start, end: end, venue: venue,
                            cannotAttend: scheduler.cannotAttend(series, start: start, end: end))
        return occurrence(item, option, status: .moved, reason: "\(what) by the coordinators: \(why)", conflicts: conflicts)
    }
}
