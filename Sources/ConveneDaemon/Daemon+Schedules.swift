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
    ///
    /// `forPlanning` adds the meetings whose rule falls in the range but which were moved
    /// out of it (`Scheduler.planning(from:through:overrides:placing:)`).
    func scheduled(from first: CivilDate, through last: CivilDate, forPlanning: Bool = false) throws -> Schedule {
        if placedYears?.generation != generation {
            placedYears = PlacedYears(generation: generation, overrides: try store.overrides())
        }
        let scheduler = Scheduler(configuration: loaded.configuration)
        let overrides = placedYears?.overrides ?? []
        func place(_ year: Int) -> [Occurrence] {
            if let placed = placedYears?.years[year] { return placed }
            let placed = scheduler.placed(year: year, overrides: overrides)
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
        return forPlanning
            ? scheduler.planning(from: first, through: last, overrides: overrides, placing: place)
            : scheduler.schedule(from: first, through: last, overrides: overrides, placing: place)
    }
}
