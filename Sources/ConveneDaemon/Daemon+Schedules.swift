import ConveneCore

/// Whole years of the schedule, placed with the overrides in force at one generation
/// (a reload or a coordinator's change starts a new one).
struct PlacedYears: Sendable {
    let generation: Int
    let overrides: [Override]
    var years: [Int: [Occurrence]] = [:]
}

extension Daemon {
    /// Years kept placed: the calendar feeds reach from a month ago to a year ahead,
    /// so three years at most, and one more for a schedule request elsewhere.
    static let yearsKept = 4

    /// The schedule from `first` through `last` with the overrides in force.
    ///
    /// The work loop, schedule requests and every forum's calendar feed ask for ranges
    /// within the same few years, and placing a national configuration's year takes
    /// a few hundred milliseconds, so each year is placed once per generation and kept.
    func scheduled(from first: CivilDate, through last: CivilDate) throws -> Schedule {
        let overrides = try standingOverrides()
        return Scheduler(configuration: loaded.configuration).schedule(from: first, through: last, overrides: overrides) {
            kept(year: $0, overrides: overrides)
        }
    }

    /// Every meeting of `year`, placed with the overrides in force.
    func placed(year: Int) throws -> [Occurrence] {
        kept(year: year, overrides: try standingOverrides())
    }

    /// What the planner works from: the window's `schedule` and, from its whole `years`,
    /// every meeting a coordinator changed (moved, cancelled, restored) wherever it now
    /// is, so the forums hear of a change at once even when it takes the meeting out
    /// of the window.
    static func withChangedMeetings(_ schedule: [Occurrence], years: [Int: [Occurrence]],
                                    overrides: [Override]) -> [Occurrence] {
        let changed = Set(overrides.map(\.uid))
        guard !changed.isEmpty else { return schedule }
        let present = Set(schedule.map(\.uid))
        return schedule + years.keys.sorted().flatMap { year in
            years[year, default: []].filter { changed.contains($0.uid) && !present.contains($0.uid) }
        }
    }

    /// The overrides in force, read once per generation.
    func standingOverrides() throws -> [Override] {
        if placedYears?.generation != generation {
            placedYears = PlacedYears(generation: generation, overrides: try store.overrides())
        }
        return placedYears?.overrides ?? []
    }

    /// `year` as placed with `overrides` (this generation's), from the kept years or
    /// placed now and kept.
    private func kept(year: Int, overrides: [Override]) -> [Occurrence] {
        if let placed = placedYears?.years[year] { return placed }
        let placed = Scheduler(configuration: loaded.configuration).placed(year: year, overrides: overrides)
        // The year farthest from this one goes first: the work loop and the feeds
        // keep asking for the years around today.
        let thisYear = today().year
        if let kept = placedYears?.years.keys, kept.count >= Self.yearsKept,
           let farthest = kept.max(by: { abs($0 - thisYear) < abs($1 - thisYear) }) {
            placedYears?.years[farthest] = nil
        }
        placedYears?.years[year] = placed
        return placed
    }
}
