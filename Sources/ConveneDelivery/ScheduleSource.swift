import ConveneCore
import ConveneStore
import Synchronization

/// The schedule at one generation: a configuration and the coordinators' overrides,
/// and everything worked out from them. The one place a `Scheduler` and a
/// `NotificationPlanner` are made for the daemon: the work loop's plans, the control
/// API's schedules and feeds, a change's preview and the delivery benchmark all ask one
/// of these.
///
/// One cache, one invalidation rule: a source never changes, so what it has worked out
/// (placed years, the planning window) stays true for as long as the source is used; a
/// reload or a coordinator's change makes a new source, and the old one's cache goes
/// with it. Safe to use from any thread; work is done outside its locks, so two threads
/// asking for the same year at once may both place it (the same result).
public final class ScheduleSource: Sendable {
    /// Counts configurations and override sets: a new source has a higher one.
    public let generation: Int
    public let configuration: Configuration
    public let overrides: [Override]
    /// Months planned beyond the current one (invitations go out about two weeks ahead).
    public let horizonMonths: Int
    private let scheduler: Scheduler
    private let planner: NotificationPlanner
    private let years = Mutex<[Int: PlacedYear]>([:])
    private let window = Mutex<Planning?>(nil)

    /// Years kept placed: the calendar feeds reach from a month ago to a year ahead, so
    /// three years at most, and one more for a schedule request elsewhere.
    static let yearsKept = 4

    public init(configuration: Configuration, overrides: [Override], generation: Int, horizonMonths: Int = 3) {
        self.configuration = configuration
        self.overrides = overrides
        self.generation = generation
        self.horizonMonths = horizonMonths
        scheduler = Scheduler(configuration: configuration)
        planner = NotificationPlanner(configuration: configuration)
    }

    /// The same configuration with `override` made as well, for a change's preview:
    /// nothing is shared with this source's cache, which stays true for this source.
    public func adding(_ override: Override) -> ScheduleSource {
        ScheduleSource(
            configuration: configuration, overrides: overrides + [override], generation: generation,
            horizonMonths: horizonMonths)
    }

    /// The next generation, with `configuration` and `overrides`.
    public func next(configuration: Configuration? = nil, overrides: [Override]? = nil) -> ScheduleSource {
        ScheduleSource(
            configuration: configuration ?? self.configuration, overrides: overrides ?? self.overrides,
            generation: generation + 1, horizonMonths: horizonMonths)
    }

    /// Every meeting of `year`, placed, in schedule order (a national configuration's
    /// year takes a few hundred milliseconds, so each is placed once and kept).
    public func placed(year: Int) -> [Occurrence] { placedYear(year).occurrences }

    private func placedYear(_ year: Int) -> PlacedYear {
        if let kept = years.withLock({ $0[year] }) { return kept }
        let placed = PlacedYear(scheduler.placed(year: year, overrides: overrides))
        years.withLock { years in
            // The year farthest from this one goes first: the work loop and the feeds keep
            // asking for the years around today.
            if years.count >= Self.yearsKept, let farthest = years.keys.max(by: { abs($0 - year) < abs($1 - year) }) {
                years[farthest] = nil
            }
            years[year] = placed
        }
        return placed
    }

    /// The meetings from `first` through `last` (by local date, inclusive), with the
    /// overrides in force, in schedule order: what `Scheduler.schedule` gives, or the
    /// part of it `forum` is invited to, or the part of it that concerns `district` (held
    /// at one of its venues or inviting one of its forums). Found in the kept years
    /// through their indexes, not filtered out of copies of them.
    public func schedule(from first: CivilDate, through last: CivilDate, forum: String? = nil, district: String? = nil)
        -> Schedule
    {
        var among: PlacedYear.Selection?
        if let district {
            among = .init(
                forums: configuration.forums.filter { $0.district == district }.map(\.id),
                venues: configuration.venues.filter { $0.district == district }.map(\.id))
        }
        if let forum {
            guard let district = among else { return schedule(from: first, through: last, among: .init(forums: [forum])) }
            // The forum's meetings that concern the district.
            let (forums, venues) = (Set(district.forums), Set(district.venues))
            return Schedule(
                occurrences: schedule(from: first, through: last, among: .init(forums: [forum])).occurrences.filter {
                    $0.venue.map(venues.contains) == true || $0.invited.contains(where: forums.contains)
                })
        }
        return schedule(from: first, through: last, among: among)
    }

    private func schedule(from first: CivilDate, through last: CivilDate, among: PlacedYear.Selection?) -> Schedule {
        let zone = configuration.organisation.timeZone
        // Every meeting whose local date is in the range starts in these instants, widened
        // by two days so that no offset between zones can put one outside.
        let low = zone.resolve(LocalDateTime(date: first, time: .midnight)).instant - Self.margin
        let high = zone.resolve(LocalDateTime(date: last.adding(days: 1), time: .midnight)).instant + Self.margin
        var chosen: [Occurrence] = []
        var yearsFound = 0
        for year in Scheduler.years(from: first, through: last, overrides: overrides) {
            let before = chosen.count
            placedYear(year).forEach(startingIn: low..<high, among: among) { occurrence in
                if (first...last).contains(occurrence.start.local.date) { chosen.append(occurrence) }
            }
            if chosen.count > before { yearsFound += 1 }
        }
        // Each year's part is in order already; a meeting moved in from another year is not.
        if yearsFound > 1 { chosen.sort(by: Scheduler.inScheduleOrder) }
        return Schedule(occurrences: chosen)
    }

    private static let margin = 2 * 86_400

    /// The occurrence `uid` names, wherever it now is (a meeting stays in its rule's year).
    public func occurrence(_ uid: String) -> Occurrence? {
        guard let id = OccurrenceID(uid), id.domain == configuration.organisation.uidDomain,
            configuration.series(id.series) != nil
        else { return nil }
        return placed(year: id.ruleDate.year).first { $0.uid == uid }
    }

    /// What a plan at `now` works from.
    public struct Planning: Sendable {
        public let window: PlanningWindow
        /// The window's schedule, and every meeting a coordinator changed wherever it now is.
        public let occurrences: [Occurrence]
        /// The window's whole years, where a meeting placed out of the window is found.
        public let years: [Int: [Occurrence]]
    }

    /// The planning window at `now`: from the first of this month to the end of the
    /// horizon, worked out again only when the month changes.
    public func planning(at now: Int) -> Planning {
        let window = PlanningWindow(at: now, months: horizonMonths, in: configuration.organisation.timeZone)
        if let kept = self.window.withLock({ $0 }), kept.window == window { return kept }
        var years: [Int: [Occurrence]] = [:]
        for year in window.first.year...window.last.year { years[year] = placed(year: year) }
        let occurrences = Self.withChangedMeetings(
            schedule(from: window.first, through: window.last).occurrences,
            years: years, overrides: overrides)
        let planning = Planning(window: window, occurrences: occurrences, years: years)
        self.window.withLock { $0 = planning }
        return planning
    }

    /// What is due at `now`, what it supersedes and what comes next, given the part of
    /// the ledger's history the plan needs (`history` reads it) and, if any meeting
    /// chases forums, who answered those meetings (`answered` reads it).
    public func plan(
        at now: Int, history: (NotificationPlanner.HistoryNeeded) throws -> [NotificationRecord],
        answered: (NotificationPlanner.HistoryNeeded) throws -> Answered
    ) rethrows -> NotificationPlanner.Plan {
        let planning = planning(at: now)
        let horizon = planning.window.instants
        let needed = planner.historyNeeded(occurrences: planning.occurrences, horizon: horizon, now: now)
        let records = try history(needed)
        let answers = planner.chases ? try answered(needed) : Answered()
        return planner.plan(
            occurrences: planning.occurrences, history: records, answered: answers, horizon: horizon, now: now
        ) {
            Scheduler.occurrence($0, in: planning.years)
        }
    }

    /// `plan(at:history:answered:)` as if no forum had answered.
    public func plan(at now: Int, history: (NotificationPlanner.HistoryNeeded) throws -> [NotificationRecord]) rethrows
        -> NotificationPlanner.Plan
    {
        try plan(at: now, history: history, answered: { _ in Answered() })
    }

    /// `plan(at:history:answered:)` with the history and the answers read from `store`.
    public func plan(at now: Int, store: Store) throws -> NotificationPlanner.Plan {
        try plan(at: now, history: { try store.history($0) }, answered: { try store.answered($0) })
    }

    /// What the planner works from: the window's `schedule` and, from its whole `years`,
    /// every meeting a coordinator changed (moved, cancelled, restored) wherever it now
    /// is, so the forums hear of a change at once even when it takes the meeting out
    /// of the window.
    static func withChangedMeetings(
        _ schedule: [Occurrence], years: [Int: [Occurrence]],
        overrides: [Override]
    ) -> [Occurrence] {
        let changed = Set(overrides.map(\.uid))
        guard !changed.isEmpty else { return schedule }
        let present = Set(schedule.map(\.uid))
        return schedule
            + years.keys.sorted().flatMap { year in
                years[year, default: []].filter { changed.contains($0.uid) && !present.contains($0.uid) }
            }
    }
}
