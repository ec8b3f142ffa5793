/// Schedules every occurrence whose rule date falls in one calendar year (see
/// `Scheduler` for the order and the rules).
struct YearScheduler {
    let configuration: Configuration
    let year: Int
    let overrides: [String: Override]

    let zone: ZoneRules
    private let closed: ClosedDays
    /// Forums, venues and districts by index, so bookings compare integers.
    let forums: [Forum]
    let venues: [Venue]
    private let forumIndex: [String: Int]
    private let venueIndex: [String: Int]
    private let districtIndex: [String: Int]
    private let districtNames: [String: String]
    private let contexts: [String: SeriesContext]

    init(configuration: Configuration, year: Int, overrides: [String: Override]) {
        self.configuration = configuration
        self.year = year
        self.overrides = overrides
        zone = configuration.organisation.timeZone
        closed = ClosedDays(configuration: configuration, year: year)
        forums = configuration.forums
        venues = configuration.venues
        forumIndex = Dictionary(uniqueKeysWithValues: forums.enumerated().map { ($1.id, $0) })
        venueIndex = Dictionary(uniqueKeysWithValues: venues.enumerated().map { ($1.id, $0) })
        districtIndex = Dictionary(configuration.districts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        districtNames = Dictionary(configuration.districts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let allVenues = configuration.venues
        let venuesByDistrict = Dictionary(grouping: allVenues.indices, by: { allVenues[$0].district })
        var built: [String: SeriesContext] = [:]
        let districts = districtIndex
        let slot = { (index: Int?) -> VenueSlot in
            guard let index else { return VenueSlot(venue: nil, index: -1, district: -1) }
            return VenueSlot(venue: allVenues[index], index: index, district: districts[allVenues[index].district] ?? -1)
        }
        for series in configuration.series {
            built[series.id] = SeriesContext(
                series: series, configuration: configuration, forumIndex: forumIndex,
                venueIndex: venueIndex, venuesByDistrict: venuesByDistrict, slot: slot)
        }
        contexts = built
    }

    /// One occurrence to place: its series, the rule's slot and its UID.
    struct Item {
        let context: SeriesContext
        let ruleStart: ZonedDateTime
        let uid: String
    }

    /// Places the year's occurrences. A coordinator's move is placed before everything
    /// else, so the meetings around it adapt; what it displaced is found by a first pass
    /// without the moves, and reported as the move's conflicts.
    func run() -> [Occurrence] {
        let items = orderedItems()
        let moves = overrides.isEmpty ? [] : items.filter { Self.isMove(overrides[$0.uid]) }
        var displaced: [String: [String]] = [:]
        if !moves.isEmpty {
            let withoutMoves = overrides.filter { !Self.isMove($0.value) }
            let (_, baseline) = pass(items.filter { !Self.isMove(overrides[$0.uid]) }, overrides: withoutMoves, conflicts: [:])
            let placement = Placement(scheduler: self)
            for item in moves {
                guard case let .move(to, venue)? = overrides[item.uid]?.action else { continue }
                displaced[item.uid] = placement.clashes(item.context, at: to, venue: venue, bookings: baseline)
            }
        }
        // In schedule order, so that a schedule of the whole year is this array itself.
        // Sorted through indices: moving whole occurrences about costs more than moving
        // each once.
        var placed = pass(items, overrides: overrides, conflicts: displaced).0
        placed.arrange(by: placed.indices.sorted { Scheduler.inScheduleOrder(placed[$0], placed[$1]) })
        return placed
    }

    /// One placement of `items` in order, returning the occurrences and what got booked.
    private func pass(_ items: [Item], overrides: [String: Override], conflicts: [String: [String]]) -> ([Occurrence], Bookings) {
        let yearStart = zone.resolve(LocalDateTime(date: CivilDate(year: year, month: 1, day: 1)!, time: .midnight)).instant
        var bookings = Bookings(
            venues: venues.count, forums: forums.count, yearStart: yearStart,
            travelGap: configuration.scheduling.travelGap.approximateSeconds)
        bookings.reserve(meetings: items.count, invitations: items.reduce(0) { $0 + $1.context.invited.count })
        bookForeignMoves(into: &bookings)
        let placement = Placement(scheduler: self)
        var occurrences: [Occurrence] = []
        occurrences.reserveCapacity(items.count)
        for item in items {
            let override = overrides.isEmpty ? nil : overrides[item.uid]
            let displaced = conflicts.isEmpty ? [] : conflicts[item.uid] ?? []
            let placed = placement.place(item, override, bookings: bookings, displaced: displaced)
            let occurrence = placed.occurrence
            if occurrence.takesPlace {
                bookings.book(
                    venue: placed.slot.index >= 0 ? placed.slot.index : nil, forums: item.context.invited,
                    entry: Bookings.Entry(
                        start: occurrence.start.instant, end: occurrence.end.instant,
                        district: placed.slot.district, title: item.context.bookingTitle))
            }
            occurrences.append(occurrence)
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
        // The order's keys, kept apart from the items so sorting compares integers only.
        var keys: [(overridden: Int, priority: Int, start: Int, series: Int)] = []
        let uidSuffix = Array(("@" + configuration.organisation.uidDomain).utf8)
        for (ordinal, series) in configuration.series.enumerated() {
            guard let context = contexts[series.id] else { continue }
            var previousDate: CivilDate?
            var index = 0
            for start in series.recurrence.occurrences(in: zone, from: from, to: to) {
                let date = start.local.date
                index = date == previousDate ? index + 1 : 1
                previousDate = date
                let uid = OccurrenceID.text(prefix: context.uidPrefix, date: date, index: index, suffix: uidSuffix)
                let overridden = !overrides.isEmpty && overrides[uid] != nil
                items.append(Item(context: context, ruleStart: start, uid: uid))
                keys.append((overridden ? 0 : 1, -series.priority, start.instant, ordinal))
            }
        }
        items.arrange(by: items.indices.sorted { keys[$0] < keys[$1] })
        return items
    }

    /// Books meetings that coordinators moved into this year from another one, which
    /// that year's scheduling places but this year's must not double-book.
    private func bookForeignMoves(into bookings: inout Bookings) {
        for (uid, override) in overrides.sorted(by: { $0.key < $1.key }) {
            guard case let .move(to, venue) = override.action, to.date.year == year,
                let id = OccurrenceID(uid), id.ruleDate.year != year, let context = contexts[id.series]
            else { continue }
            let (start, end) = slot(context.duration, at: to)
            let place = venueSlot(venue ?? context.venueID)
            bookings.book(
                venue: place.index >= 0 ? place.index : nil, forums: context.invited,
                entry: Bookings.Entry(
                    start: start.instant, end: end.instant, district: place.district,
                    title: context.bookingTitle))
        }
    }

    // MARK: Facts for placement

    func closedReason(_ context: SeriesContext, on date: CivilDate) -> String? {
        closed.reason(termTimeOnly: context.termTimeOnly, on: date.dayNumber)
    }

    var hasVenueClosures: Bool { closed.hasVenueClosures }

    func venueClosure(_ venue: String, on date: CivilDate) -> String? {
        closed.venueClosure(venue, on: date.dayNumber)
    }

    /// A venue by id, with its indices, for coordinators' moves; online when nil.
    func venueSlot(_ id: String?) -> VenueSlot {
        guard let index = id.flatMap({ venueIndex[$0] }) else { return VenueSlot(venue: nil, index: -1, district: -1) }
        return VenueSlot(venue: venues[index], index: index, district: districtIndex[venues[index].district] ?? -1)
    }

    func districtName(_ id: String) -> String? { districtNames[id] }

    /// The slot at `local`: start and end instants.
    func slot(_ duration: ISODuration, at local: LocalDateTime) -> (start: ZonedDateTime, end: ZonedDateTime) {
        let start = zone.resolve(local)
        return (start, zone.adding(duration, to: start))
    }
}

/// What placement needs to know about a series, worked out once per year: its forums
/// and venues as indices, the venues to try, and its settings as plain values (a class,
/// so passing it around costs one reference count, not one per field of the series).
final class SeriesContext: Sendable {
    let series: MeetingSeries
    /// "the SEND Strategy Board": how a reason names this series' meetings.
    let bookingTitle: String
    let venueID: String?
    /// The start of its occurrences' UIDs, `<id>-`, as bytes.
    let uidPrefix: [UInt8]
    /// Invited forum ids (sorted), their indices into `YearScheduler.forums`, and their
    /// hours (empty: any time), side by side.
    let invitedIDs: [String]
    let invited: [Int]
    /// What its occurrences share: id, title, online link and invited forums.
    let facts: SeriesFacts
    let invitedHours: [[AvailabilityWindow]]
    let startTime: LocalTime
    let duration: ISODuration
    let attendance: Int
    let onClosed: ClosedDayPolicy
    let maxMoveDays: Int
    let sameMonth: Bool
    let termTimeOnly: Bool
    /// Its own venue, then others in the same district that hold its attendance
    /// (step-free if its own is), smallest first; one online slot when online only.
    let choices: [VenueSlot]

    init(
        series: MeetingSeries, configuration: Configuration, forumIndex: [String: Int], venueIndex: [String: Int],
        venuesByDistrict: [String: [Int]], slot: (Int?) -> VenueSlot
    ) {
        self.series = series
        bookingTitle = "the " + series.title
        venueID = series.venue
        uidPrefix = Array((series.id + "-").utf8)
        let known = series.invited.filter { forumIndex[$0] != nil }
        invitedIDs = known
        facts = SeriesFacts(series: series.id, title: series.title, online: series.online, invited: known)
        invited = known.compactMap { forumIndex[$0] }
        invitedHours = invited.map { configuration.forums[$0].availability }
        startTime = series.startTime
        duration = series.duration
        attendance = series.attendance
        onClosed = series.onClosed
        maxMoveDays = series.maxMoveDays
        sameMonth = series.sameMonth
        termTimeOnly = series.termTimeOnly
        if let ownIndex = series.venue.flatMap({ venueIndex[$0] }) {
            let own = configuration.venues[ownIndex]
            let others = (venuesByDistrict[own.district] ?? []).filter {
                let venue = configuration.venues[$0]
                return venue.id != own.id && venue.capacity >= series.attendance && (venue.stepFree || !own.stepFree)
            }.sorted { (configuration.venues[$0].capacity, $0) < (configuration.venues[$1].capacity, $1) }
            choices = ([ownIndex] + others).map { slot($0) }
        } else {
            choices = [slot(nil)]
        }
    }
}

/// A venue as placement uses it: the venue (nil for online), its index for bookings and
/// its district's index for travel time (-1 for none). A class: placement passes slots
/// about for every day it tries, and a reference costs one count where the venue's
/// fields would cost one each.
final class VenueSlot: Sendable {
    let venue: Venue?
    let index: Int
    let district: Int

    init(venue: Venue?, index: Int, district: Int) {
        self.venue = venue
        self.index = index
        self.district = district
    }
}
