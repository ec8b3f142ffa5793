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
    private let venueIndex: [String: Int]
    private let districtNames: [String: String]
    private let contexts: [String: SeriesContext]
    /// Each series' group (`SeriesGroups`), by rank.
    let groups: [Int]
    /// Each series' context, in the configuration's order.
    private let inOrder: [SeriesContext]
    /// Each venue's slot, by index.
    private let slots: [VenueSlot]

    /// `groupsApart: false` places every series in one sequence, as if all were in one
    /// group: the tests compare the two.
    init(configuration: Configuration, year: Int, overrides: [String: Override], groupsApart: Bool = true) {
        self.configuration = configuration
        self.year = year
        self.overrides = overrides
        zone = configuration.organisation.timeZone
        closed = ClosedDays(configuration: configuration, year: year)
        forums = configuration.forums
        venues = configuration.venues
        let forumIndex = Dictionary(uniqueKeysWithValues: forums.enumerated().map { ($1.id, $0) })
        venueIndex = Dictionary(uniqueKeysWithValues: venues.enumerated().map { ($1.id, $0) })
        let districts = Dictionary(configuration.districts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        districtNames = Dictionary(configuration.districts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let venues = configuration.venues
        // One slot per venue, shared by every series that may meet there.
        slots = venues.indices.map { VenueSlot(venue: venues[$0], index: $0, district: districts[venues[$0].district] ?? -1) }
        let places = SeriesContext.Places(
            venues: venues, slots: slots, index: venueIndex,
            byDistrict: Dictionary(grouping: venues.indices, by: { venues[$0].district }))
        let ranks = Dictionary(
            configuration.series.map(\.id).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var built: [String: SeriesContext] = [:]
        var groups = SeriesGroups(forums: forums.count, venues: venues.count, series: configuration.series.count)
        for series in configuration.series {
            let context = SeriesContext(
                series: series, rank: ranks[series.id] ?? 0, forums: forums, forumIndex: forumIndex, places: places)
            built[series.id] = context
            groups.join(context)
        }
        // A coordinator may move a meeting to a venue its series would not choose.
        for (uid, override) in overrides {
            guard case let .move(_, venue?) = override.action, let venue = venueIndex[venue],
                let context = OccurrenceID(uid).flatMap({ built[$0.series] })
            else { continue }
            groups.join(context, venue: venue)
        }
        contexts = built
        inOrder = configuration.series.compactMap { built[$0.id] }
        self.groups = groupsApart ? groups.bySeries() : Array(repeating: 0, count: configuration.series.count)
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
        placed.arrange(by: Self.scheduleOrder(of: placed, items: items))
        return placed
    }

    /// The order that puts `placed` (each item's occurrence, in the items' order) in
    /// schedule order (`Scheduler.inScheduleOrder`). What is sorted is a key per
    /// occurrence, its start and its series' rank by id side by side, so the sort moves
    /// and compares integers; an occurrence is looked at only for its UID, where two
    /// meetings of one series start together. Comparing the occurrences themselves reached
    /// into a national year's half a million of them at random at every step.
    static func scheduleOrder(of placed: [Occurrence], items: [Item]) -> [Int] {
        struct Key {
            let start: Int
            let series: Int32
            let index: Int32
        }
        var keys: [Key] = []
        keys.reserveCapacity(placed.count)
        for index in placed.indices {
            keys.append(Key(start: placed[index].start.instant, series: Int32(items[index].context.rank), index: Int32(index)))
        }
        keys.sort { a, b in
            a.start != b.start
                ? a.start < b.start
                : a.series != b.series ? a.series < b.series : placed[Int(a.index)].uid < placed[Int(b.index)].uid
        }
        return keys.map { Int($0.index) }
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

    /// The year's occurrences, group by group (`SeriesGroups`), and in each: overridden
    /// ones first (a coordinator's decision is not displaced), then by priority, rule
    /// date and series.
    /// How many series `orderedItems` expands before it estimates how many occurrences
    /// the year has.
    static let estimateAfter = 64

    private func orderedItems() -> [Item] {
        let from = zone.resolve(LocalDateTime(date: CivilDate(year: year, month: 1, day: 1)!, time: .midnight)).instant
        let to = zone.resolve(LocalDateTime(date: CivilDate(year: year + 1, month: 1, day: 1)!, time: .midnight)).instant
        var items: [Item] = []
        // The order's keys, kept apart from the items and sorted themselves, each with its
        // item's index, so the sort moves and compares integers only.
        var keys: [(group: Int, overridden: Int, priority: Int, start: Int, series: Int, index: Int)] = []
        let uidSuffix = Array(("@" + configuration.organisation.uidDomain).utf8)
        for (ordinal, context) in inOrder.enumerated() {
            if ordinal == Self.estimateAfter {
                // Room for the rest, estimated from the series so far: grown by doubling,
                // a national year's arrays were copied twice over and took twice the pages.
                let estimate = items.count * inOrder.count / ordinal
                items.reserveCapacity(estimate + estimate / 8)
                keys.reserveCapacity(estimate + estimate / 8)
            }
            var previousDate: CivilDate?
            var index = 0
            for start in context.recurrence.occurrences(in: zone, from: from, to: to) {
                let date = start.local.date
                index = date == previousDate ? index + 1 : 1
                previousDate = date
                let uid = OccurrenceID.text(prefix: context.uidPrefix, date: date, index: index, suffix: uidSuffix)
                let overridden = !overrides.isEmpty && overrides[uid] != nil
                items.append(Item(context: context, ruleStart: start, uid: uid))
                keys.append((groups[context.rank], overridden ? 0 : 1, -context.priority, start.instant, ordinal, keys.count))
            }
        }
        keys.sort { $0 < $1 }
        items.arrange(by: keys.map(\.index))
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
        id.flatMap { venueIndex[$0] }.map { slots[$0] } ?? .online
    }

    func districtName(_ id: String) -> String? { districtNames[id] }

    /// The slot at `local`: start and end instants.
    func slot(_ duration: ISODuration, at local: LocalDateTime) -> (start: ZonedDateTime, end: ZonedDateTime) {
        let start = zone.resolve(local)
        return (start, zone.adding(duration, to: start))
    }
}

/// Which group each series is placed in. Series that share no forum and no venue either
/// could meet at, directly or through other series, never read what the others booked,
/// so each group is placed on its own, one after the other: a meeting's place depends
/// only on what its own group booked before it, in the same order, so the year comes out
/// the same. What changes is what placing has in hand: one council's series, forums and
/// bookings at a time in a national configuration, not every council's once a week. (A
/// county's series nearly all share forums: one group.)
///
/// Union-find over forums, then venues, then series (by rank); a group is named by its
/// root.
struct SeriesGroups {
    private let forums: Int
    private let venues: Int
    private var parent: [Int]

    init(forums: Int, venues: Int, series: Int) {
        self.forums = forums
        self.venues = venues
        parent = Array(0..<(forums + venues + series))
    }

    /// Joins a series with its invited forums and the venues it may choose.
    mutating func join(_ context: SeriesContext) {
        let node = forums + venues + context.rank
        for forum in context.invited { join(node, forum) }
        for slot in context.choices where slot.index >= 0 { join(node, forums + slot.index) }
    }

    /// Joins a series with a venue a coordinator moved one of its meetings to.
    mutating func join(_ context: SeriesContext, venue: Int) {
        join(forums + venues + context.rank, forums + venue)
    }

    /// Each series' group, by rank.
    mutating func bySeries() -> [Int] {
        (forums + venues..<parent.count).map { root($0) }
    }

    private mutating func join(_ a: Int, _ b: Int) {
        let (a, b) = (root(a), root(b))
        if a != b { parent[max(a, b)] = min(a, b) }
    }

    private mutating func root(_ node: Int) -> Int {
        var node = node
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }
}

/// What placement needs to know about a series, worked out once per year: its forums
/// and venues as indices, the venues to try, and its settings as plain values (a class,
/// so passing it around costs one reference count, not one per field of the series).
final class SeriesContext: Sendable {
    /// "the SEND Strategy Board": how a reason names this series' meetings.
    let bookingTitle: String
    let venueID: String?
    /// The start of its occurrences' UIDs, `<id>-`, as bytes.
    let uidPrefix: [UInt8]
    /// Its place among the configuration's series by id, which the schedule's order
    /// compares after the start.
    let rank: Int
    let recurrence: Recurrence
    let priority: Int
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

    /// The venues a series may meet at, as the year's scheduler has them.
    struct Places {
        let venues: [Venue]
        /// Each venue's slot, by index.
        let slots: [VenueSlot]
        let index: [String: Int]
        /// Venue indices by district id.
        let byDistrict: [String: [Int]]
    }

    init(series: MeetingSeries, rank: Int, forums: [Forum], forumIndex: [String: Int], places: Places) {
        bookingTitle = "the " + series.title
        venueID = series.venue
        uidPrefix = Array((series.id + "-").utf8)
        self.rank = rank
        recurrence = series.recurrence
        priority = series.priority
        let known = series.invited.filter { forumIndex[$0] != nil }
        invitedIDs = known
        facts = SeriesFacts(series: series.id, title: series.title, online: series.online, invited: known)
        invited = known.compactMap { forumIndex[$0] }
        invitedHours = invited.map { forums[$0].availability }
        startTime = series.startTime
        duration = series.duration
        attendance = series.attendance
        onClosed = series.onClosed
        maxMoveDays = series.maxMoveDays
        sameMonth = series.sameMonth
        termTimeOnly = series.termTimeOnly
        if let ownIndex = series.venue.flatMap({ places.index[$0] }) {
            let venues = places.venues
            let own = venues[ownIndex]
            let others = (places.byDistrict[own.district] ?? []).filter {
                $0 != ownIndex && venues[$0].capacity >= series.attendance && (venues[$0].stepFree || !own.stepFree)
            }.sorted { (venues[$0].capacity, $0) < (venues[$1].capacity, $1) }
            choices = ([ownIndex] + others).map { places.slots[$0] }
        } else {
            choices = [.online]
        }
    }
}

/// A venue as placement uses it: the venue (nil for online), its index for bookings and
/// its district's index for travel time (-1 for none), and beside them what every day
/// placement tries reads (its id and capacity), so that only a reason reads the venue
/// itself. A class: placement passes slots about for every day it tries, and a
/// reference costs one count where the venue's fields would cost one each.
final class VenueSlot: Sendable {
    let venue: Venue?
    /// The venue's id; nil online.
    let id: String?
    let index: Int
    let district: Int
    /// How many the venue holds; no limit online.
    let capacity: Int

    init(venue: Venue?, index: Int, district: Int) {
        self.venue = venue
        id = venue?.id
        self.index = index
        self.district = district
        capacity = venue?.capacity ?? .max
    }

    /// Online only: no venue to book or travel to.
    static let online = VenueSlot(venue: nil, index: -1, district: -1)
}
