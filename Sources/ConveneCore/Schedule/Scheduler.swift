/// Works out when and where every meeting takes place: the pure heart of Convene.
///
/// Input is the configuration, a date range and the coordinators' overrides; nothing
/// else (no clock, no files), so the same input always gives the same schedule.
///
/// Each calendar year is scheduled as a whole, in one pass: overridden occurrences
/// first, then the rest by priority (higher first), then by the rule's date, then by
/// series id. Each keeps its rule's slot if the day is open and the venue and every
/// invited forum are free (with travel time between districts); otherwise it moves
/// within what its series allows (`on_closed`, `max_move_days`, `same_month`), to the
/// open day most invited forums can attend, then the nearest; or it is skipped or
/// unplaced, with the reason. Meetings never move into another year, so a year's
/// schedule does not depend on which range was asked for.
public struct Scheduler: Sendable {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The occurrences that take place, or would have, between `from` and `through`
    /// (inclusive, by local date), in time order and then by series id.
    public func schedule(from: CivilDate, through: CivilDate, overrides: [Override] = []) -> Schedule {
        schedule(from: from, through: through, overrides: overrides) { placed(year: $0, overrides: overrides) }
    }

    /// As `schedule(from:through:overrides:)`, with each whole year's meetings from
    /// `placedYear`, which must give what `placed(year:overrides:)` gives: a caller that keeps
    /// years it has placed asks for a range without placing them again.
    public func schedule(
        from: CivilDate, through: CivilDate, overrides: [Override],
        placing placedYear: (Int) -> [Occurrence]
    ) -> Schedule {
        var occurrences: [Occurrence] = []
        for year in Self.years(from: from, through: through, overrides: overrides) {
            let placed = placedYear(year)
            // A year's meetings stay in it (a coordinator cannot move one out), so a year
            // wholly in the range is taken as it is, without a copy.
            let whole = from <= CivilDate(year: year, month: 1, day: 1)! && CivilDate(year: year, month: 12, day: 31)! <= through
            let part = whole ? placed : placed.filter { (from...through).contains($0.start.local.date) }
            if occurrences.isEmpty { occurrences = part } else { occurrences += part }
        }
        // Each placed year is in schedule order, and years follow one another: sorted
        // again only if not (a caller's `placedYear` may not be).
        if !occurrences.isInScheduleOrder {
            occurrences.arrange(by: occurrences.indices.sorted { Self.inScheduleOrder(occurrences[$0], occurrences[$1]) })
        }
        return Schedule(occurrences: occurrences)
    }

    /// The years whose placed meetings a range's schedule takes from, in order: the range's
    /// own, and the rule's year of every meeting a coordinator moved into the range.
    public static func years(from: CivilDate, through: CivilDate, overrides: [Override]) -> [Int] {
        var years = Set(from.year...max(from.year, through.year))
        for (uid, override) in effective(overrides) {
            if case let .move(to, _) = override.action, (from...through).contains(to.date), let id = OccurrenceID(uid) {
                years.insert(id.ruleDate.year)
            }
        }
        return years.sorted()
    }

    /// A schedule's order: by start, then series id, then UID.
    @inlinable
    public static func inScheduleOrder(_ a: Occurrence, _ b: Occurrence) -> Bool {
        a.start.instant != b.start.instant
            ? a.start.instant < b.start.instant : a.series != b.series ? a.series < b.series : a.uid < b.uid
    }

    /// The occurrence `uid` names among `years` (placed years by year), if it is there:
    /// a meeting is placed in its rule's year, which its UID gives.
    public static func occurrence(_ uid: String, in years: [Int: [Occurrence]]) -> Occurrence? {
        guard let id = OccurrenceID(uid) else { return nil }
        return years[id.ruleDate.year]?.first { $0.uid == uid }
    }

    /// Every meeting of one calendar year, placed, in schedule order.
    public func placed(year: Int, overrides: [Override]) -> [Occurrence] {
        YearScheduler(configuration: configuration, year: year, overrides: Self.effective(overrides)).run()
    }

    /// The schedule of one calendar month.
    public func schedule(year: Int, month: Int, overrides: [Override] = []) -> Schedule {
        let first = CivilDate(year: year, month: month, day: 1)!
        let last = CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))!
        return schedule(from: first, through: last, overrides: overrides)
    }

    /// The override in force for each occurrence: the last one made, unless that was a restore.
    static func effective(_ overrides: [Override]) -> [String: Override] {
        var result: [String: Override] = [:]
        for override in overrides {
            if override.action == .restore { result[override.uid] = nil } else { result[override.uid] = override }
        }
        return result
    }
}

extension [Occurrence] {
    /// Whether each meeting comes after the one before it in schedule order.
    public var isInScheduleOrder: Bool {
        // Field by field, so that no occurrence is copied to be compared.
        for index in indices.dropFirst() {
            let (a, b) = (index - 1, index)
            if self[a].start.instant != self[b].start.instant {
                if self[a].start.instant > self[b].start.instant { return false }
            } else if self[a].series != self[b].series {
                if self[a].series > self[b].series { return false }
            } else if self[a].uid > self[b].uid {
                return false
            }
        }
        return true
    }
}
