/// Schedules every occurrence whose rule date falls in one calendar year (see
/// `Scheduler` for the order and the rules).
struct YearScheduler {
    let configuration: Configuration
    let year: Int
    let overrides: [String: Override]

    private let zone: ZoneRules
    private let closed: ClosedDays
    private let forumsByID: [String: Forum]
    private let venuesByID: [String: Venue]

    init(configuration: Configuration, year: Int, overrides: [String: Override]) {
        self.configuration = configuration
        self.year = year
        self.overrides = overrides
        zone = configuration.organisation.timeZone
        closed = ClosedDays(configuration: configuration, year: year)
        forumsByID = Dictionary(uniqueKeysWithValues: configuration.forums.map { ($0.id, $0) })
        venuesByID = Dictionary(uniqueKeysWithValues: configuration.venues.map { ($0.id, $0) })
    }

    /// One occurrence to place: its series, the rule's slot and its UID.
    struct Item {
        let series: MeetingSeries
        let ruleStart: ZonedDateTime
        let uid: String
    }

    /// Places the year's occurrences. A coordinator's move is placed before everything
    /// else, so the meetings around it adapt; what it displaced is found by a first pass
    /// without the moves, and reported as the move's conflicts.
    func run() -> [Occurrence] {
        let items = orderedItems()
        let moves = items.filter { Self.isMove(overrides[$0.uid]) }
        var displaced: [String: [String]] = [:]
        if !moves.isEmpty {
            let withoutMoves = overrides.filter { !Self.isMove($0.value) }
            let (_, baseline) = pass(items.filter { !Self.isMove(overrides[$0.uid]) }, overrides: withoutMoves, conflicts: [:])
            let placement = Placement(scheduler: self)
            for item in moves {
                guard case let .move(to, venue)? = overrides[item.uid]?.action else { continue }
                displaced[item.uid] = placement.clashes(item.series, at: to, venue: venue, bookings: baseline)
            }
        }
        return pass(items, overrides: overrides, conflicts: displaced).0
    }

    /// One placement of `items` in order, returning the occurrences and what got booked.
    private func pass(_ items: [Item], overrides: [String: Override], conflicts: [String: [String]]) -> ([Occurrence], Bookings) {
        var bookings = Bookings(travelGap: configuration.scheduling.travelGap.approximateSeconds)
        bookForeignMoves(into: &bookings)
        var placement = Placement(scheduler: self)
        let occurrences = items.map { item in
            let occurrence = placement.place(item, overrides[item.uid], bookings: bookings, displaced: conflicts[item.uid] ?? [])
            if occurrence.takesPlace {
                bookings.book(venue: occurrence.venue, forums: occurrence.invited, entry: entry(for: occurrence))
            }
            return occurrence
        }
        return (occurrences, bookings)
    }

    static func isMove(_ override: Override?) -> Bool {
        if case .move? = override?.action { return true }
        return false
    }

    /// The year's occurrences: overridden ones first (a coordinator's decision is not
    /// displaced), then by priority, rule date and series.
    private func orderedItems() -> [Item] {
        let from = zone.resolve(LocalDateTime(date: CivilDate(year: year, month: 1, day: 1)!, time: .midnight)).instant
        let to = zone.resolve(LocalDateTime(date: CivilDate(year: year + 1, month: 1, day: 1)!, time: .midnight)).instant
        var items: [Item] = []
        for series in configuration.series {
            var previousDate: CivilDate?
            var index = 0
            for start in series.recurrence.occurrences(in: zone, from: from, to: to) {
                let date = start.local.date
                index = date == previousDate ? index + 1 : 1
                previousDate = date
                let id = OccurrenceID(series: series.id, ruleDate: date, index: index, domain: configuration.organisation.uidDomain)
                items.append(Item(series: series, ruleStart: start, uid: id.description))
            }
        }
        func rank(_ item: Item) -> (Int, Int, Int, String) {
            (overrides[item.uid] == nil ? 1 : 0, -item.series.priority, item.ruleStart.instant, item.series.id)
        }
        return items.sorted { rank($0) < rank($1) }
    }

    /// Books meetings that coordinators moved into this year from another one, which
    /// that year's scheduling places but this year's must not double-book.
    private func bookForeignMoves(into bookings: inout Bookings) {
        for (uid, override) in overrides.sorted(by: { $0.key < $1.key }) {
            guard case let .move(to, venue) = override.action, to.date.year == year,
                  let id = OccurrenceID(uid), id.ruleDate.year != year,
                  let series = configuration.series(id.series) else { continue }
            let start = zone.resolve(to)
            let end = zone.adding(series.duration, to: start)
            let place = venue ?? series.venue
            bookings.book(venue: place, forums: series.invited, entry: Bookings.Entry(
                start: start.instant, end: end.instant, district: place.flatMap { venuesByID[$0]?.district },
                title: Self.titled(series.title)))
        }
    }

    private func entry(for occurrence: Occurrence) -> Bookings.Entry {
        Bookings.Entry(start: occurrence.start.instant, end: occurrence.end.instant,
                       district: occurrence.venue.flatMap { venuesByID[$0]?.district },
                       title: Self.titled(occurrence.title))
    }

    /// "the SEND Strategy Board": how a reason names another meeting.
    static func titled(_ title: String) -> String { "the " + title }

    // MARK: Facts for placement

    func closedReason(_ series: MeetingSeries, on date: CivilDate) -> String? {
        closed.reason(series, on: date.dayNumber)
    }

    func venueClosure(_ venue: String, on date: CivilDate) -> String? {
        closed.venueClosure(venue, on: date.dayNumber)
    }

    func venue(_ id: String) -> Venue? { venuesByID[id] }

    func forumName(_ id: String) -> String { forumsByID[id]?.name ?? id }

    /// The slot on `date` at the series' time: start and end instants.
    func slot(_ series: MeetingSeries, on date: CivilDate) -> (start: ZonedDateTime, end: ZonedDateTime) {
        let start = zone.resolve(LocalDateTime(date: date, time: series.startTime))
        return (start, zone.adding(series.duration, to: start))
    }

    func slot(_ series: MeetingSeries, at local: LocalDateTime) -> (start: ZonedDateTime, end: ZonedDateTime) {
        let start = zone.resolve(local)
        return (start, zone.adding(series.duration, to: start))
    }

    /// Invited forums whose availability a slot does not suit. A meeting running past
    /// midnight suits nobody with set hours.
    func cannotAttend(_ series: MeetingSeries, start: ZonedDateTime, end: ZonedDateTime) -> [String] {
        let (from, to) = (start.local, end.local)
        let sameDay = to.date == from.date
        return series.invited.filter { id in
            guard let forum = forumsByID[id], !forum.availability.isEmpty else { return false }
            return !sameDay || !forum.canAttend(weekday: from.date.weekday, start: from.time, end: to.time)
        }
    }

    /// The venues to try for a series, best first: its own, then others in the same
    /// district that hold its attendance (step-free if its own is), smallest first.
    func venueChoices(_ series: MeetingSeries) -> [Venue?] {
        guard let own = series.venue.flatMap({ venuesByID[$0] }) else { return [nil] }
        let others = configuration.venues.filter {
            $0.id != own.id && $0.district == own.district && $0.capacity >= series.attendance && ($0.stepFree || !own.stepFree)
        }.sorted { ($0.capacity, $0.id) < ($1.capacity, $1.id) }
        return [own] + others
    }
}
