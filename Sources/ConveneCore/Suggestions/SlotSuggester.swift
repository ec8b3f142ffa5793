import Synchronization

/// "When could more forums come?": tries every slot a series could have and ranks them
/// by how many invited forums could attend, each one placed by the real `Scheduler`
/// over the months asked about (closed days and the series' `on_closed`, clashes with
/// every other series by priority, travel between districts). Read-only and pure: the
/// same input gives the same ranking.
///
/// The slots tried are the series' own kind of rule on other days (the Nth weekday of
/// the month becomes every weekday × 1st to 4th and last; a weekly meeting every
/// weekday; any other rule keeps its days), at every quarter hour inside the day's
/// plausible hours (the span of the invited forums' stated hours that day, or 09:00 to
/// 17:00 when none state any), with the same duration, at its own venue; then the best
/// of those at each other venue in the same district that holds its attendance
/// (step-free if its own is).
public struct SlotSuggester: Sendable {
    public let configuration: Configuration
    public let series: MeetingSeries
    /// The first and last day asked about: whole months.
    public let from: CivilDate
    public let through: CivilDate
    /// Coordinators' changes: the current slot is shown with them; other slots keep the
    /// ones for other series (this series' belong to its current dates).
    public let overrides: [Override]
    /// Each forum's hours learned from its answers, for the second score.
    public let learned: [String: LearnedHours]
    /// The schedule as it stands over the months asked about.
    let baseline: [Occurrence]
    /// The configuration with only the series whose places can touch this one's (see
    /// `neighbourhood`): what each slot is scheduled with.
    let scope: Configuration

    /// Nil when there is no series `id`.
    public init?(
        configuration: Configuration, series id: String, from month: CivilDate, months: Int,
        overrides: [Override] = [], answers: [PastAnswer] = []
    ) {
        guard let series = configuration.series(id), months > 0 else { return nil }
        self.configuration = configuration
        self.series = series
        from = CivilDate(year: month.year, month: month.month, day: 1)!
        through = month.lastOfMonth(after: months - 1)
        self.overrides = overrides
        learned = LearnedHours.learn(from: answers.filter { series.invited.contains($0.forum) })
        scope = configuration.keepingOnly(series: Self.neighbourhood(of: series, in: configuration, overrides: overrides))
        baseline = Scheduler(configuration: scope).schedule(from: from, through: through, overrides: overrides).occurrences
    }

    /// The current slot and the best `top` others that do better than it, best first;
    /// `run` may spread the trying over threads (`ConcurrentWork.run`).
    public func suggestions(
        top: Int,
        run: (Int, @escaping @Sendable (Int) -> Void) -> Void = { count, body in for index in 0..<count { body(index) } }
    ) -> SlotSuggestions {
        let current = appraise(SlotPattern(of: series))
        // A series with no meetings in these months has nothing to compare.
        guard !current.months.isEmpty else { return SlotSuggestions(current: current, suggestions: [], tried: 0) }
        let suggester = self
        func appraised(_ patterns: [SlotPattern]) -> [SlotAppraisal] {
            let results = Results(count: patterns.count)
            run(patterns.count) { index in results.set(index, suggester.appraise(patterns[index])) }
            return results.all
        }
        // Every day and time at the series' own venue; then the other venues at the best
        // of those (another room changes little unless its own is closed or booked).
        var tried = appraised(candidates())
        let best = tried.sorted { rank($0, before: $1, current: current.pattern) }.prefix(2 * top + 2)
        tried += appraised((best.map(\.pattern) + [current.pattern]).flatMap(otherVenues))
        let ranked = tried.sorted { rank($0, before: $1, current: current.pattern) }
        // Only slots better than the current one, and the best time on each day and venue:
        // five start times of one day are one suggestion.
        var seen = Set<DayAndVenue>()
        let distinct = ranked.filter {
            rank($0, before: current, current: current.pattern)
                && seen.insert(DayAndVenue(rule: $0.pattern.rule, venue: $0.pattern.venue)).inserted
        }
        return SlotSuggestions(current: current, suggestions: Array(distinct.prefix(top)), tried: tried.count)
    }

    /// The series whose placement can touch `series`' and so whose own it can touch:
    /// those sharing an invited forum with it, or holding meetings in a district where it
    /// does (placement may use any venue of a series' district), and theirs in turn.
    /// Nothing else books what they book, so scheduling them alone places them exactly as
    /// scheduling everything does, and a national configuration costs what one county does.
    public static func neighbourhood(of series: MeetingSeries, in configuration: Configuration, overrides: [Override]) -> Set<
        String
    > {
        // What each series may book: its forums and the districts of its venues (its own,
        // and any a coordinator moved one of its meetings to).
        var touches: [String: Set<String>] = [:]
        for other in configuration.series {
            var keys = Set(other.invited.map { "forum:" + $0 })
            if let district = other.venue.flatMap({ configuration.venue($0)?.district }) { keys.insert("district:" + district) }
            touches[other.id] = keys
        }
        for override in overrides {
            guard case let .move(_, venue?) = override.action, let id = OccurrenceID(override.uid),
                let district = configuration.venue(venue)?.district
            else { continue }
            touches[id.series, default: []].insert("district:" + district)
        }
        var bySeries: [String: [String]] = [:]
        for (id, keys) in touches {
            for key in keys { bySeries[key, default: []].append(id) }
        }
        var reached: Set<String> = [series.id]
        var keysSeen = Set<String>()
        var waiting = [series.id]
        while let id = waiting.popLast() {
            for key in touches[id] ?? [] where keysSeen.insert(key).inserted {
                for other in bySeries[key] ?? [] where reached.insert(other).inserted { waiting.append(other) }
            }
        }
        return reached
    }

    // MARK: Candidates

    /// Every day and time to try at the series' own venue, in a fixed order, without the
    /// current slot.
    public func candidates() -> [SlotPattern] {
        let own = SlotPattern(of: series)
        var days: [(rule: RecurrenceRule?, weekday: Weekday?)] = []
        if let rule = series.recurrence.rule {
            let weekdays = Weekday.allCases.filter { !$0.isWeekend || series.recurrence.start.date.weekday.isWeekend }
            switch SlotKind(rule) {
            case .ordinalWeekday:
                for ordinal in [1, 2, 3, 4, -1] {
                    for weekday in weekdays { days.append((SlotKind.rule(rule, ordinal: ordinal, weekday: weekday), weekday)) }
                }
            case .weekly:
                for weekday in weekdays { days.append((SlotKind.rule(rule, ordinal: nil, weekday: weekday), weekday)) }
            case .other:
                days.append((rule, nil))
            }
        } else {
            days.append((nil, series.recurrence.start.date.weekday))
        }
        var patterns: [SlotPattern] = []
        for (rule, weekday) in days {
            for start in startTimes(on: weekday) {
                guard let dtstart = firstDate(of: rule, at: start) else { continue }
                let pattern = SlotPattern(rule: rule, dtstart: dtstart, venue: series.venue)
                if pattern != own { patterns.append(pattern) }
            }
        }
        return patterns
    }

    /// Quarter hours on which a meeting of the series' length fits inside the day's
    /// plausible hours; the series' own start time alone when the meeting lasts a day or more.
    func startTimes(on weekday: Weekday?) -> [LocalTime] {
        let own = series.startTime
        let length = series.duration.approximateSeconds
        guard series.duration.days == 0, length > 0, length < 86_400 else { return [own] }
        var earliest = Int.max
        var latest = Int.min
        for id in series.invited {
            for window in configuration.forum(id)?.availability ?? [] where weekday.map(window.days.contains) ?? true {
                earliest = min(earliest, window.from.secondsSinceMidnight)
                latest = max(latest, window.to.secondsSinceMidnight)
            }
        }
        if earliest == Int.max { (earliest, latest) = (9 * 3600, 17 * 3600) }
        let first = (earliest + 899) / 900 * 900
        guard first + length <= latest else { return [own] }
        return stride(from: first, through: latest - length, by: 900).map { LocalTime(secondsSinceMidnight: $0) }
    }

    /// `pattern` at each other venue in the series' district that holds its attendance
    /// (step-free if its own is); none for an online series.
    public func otherVenues(for pattern: SlotPattern) -> [SlotPattern] {
        guard let id = series.venue, let own = configuration.venue(id) else { return [] }
        return configuration.venues.filter {
            $0.id != own.id && $0.district == own.district && $0.capacity >= series.attendance && ($0.stepFree || !own.stepFree)
        }.map { SlotPattern(rule: pattern.rule, dtstart: pattern.dtstart, venue: $0.id) }
    }

    /// DTSTART for `rule` at `start`: the first date the rule gives in or after the month
    /// of the series' own first date (RFC 5545 counts DTSTART as a meeting whether or not
    /// the rule gives it, so it must be one the rule gives).
    func firstDate(of rule: RecurrenceRule?, at start: LocalTime) -> LocalDateTime? {
        let own = series.recurrence.start.date
        guard let rule else { return LocalDateTime(date: own, time: start) }
        let first = LocalDateTime(date: CivilDate(year: own.year, month: own.month, day: 1)!, time: start)
        let trial = Recurrence(start: first, rule: rule)
        if trial.ruleIncludesStart { return first }
        var instances = trial.occurrences(in: configuration.organisation.timeZone).makeIterator()
        _ = instances.next()  // DTSTART itself
        return instances.next()?.local
    }

    // MARK: Appraisal

    /// The series in `pattern`, placed by the scheduler over the months asked about.
    public func appraise(_ pattern: SlotPattern) -> SlotAppraisal {
        let own = pattern == SlotPattern(of: series)
        let occurrences: [Occurrence]
        if own {
            occurrences = baseline
        } else {
            let moved = scope.replacing(pattern.applied(to: series))
            let others = overrides.filter { OccurrenceID($0.uid)?.series != series.id }
            occurrences = Scheduler(configuration: moved).schedule(from: from, through: through, overrides: others).occurrences
        }
        return appraisal(pattern, occurrences)
    }

    private func appraisal(_ pattern: SlotPattern, _ occurrences: [Occurrence]) -> SlotAppraisal {
        let mine = occurrences.filter { $0.series == series.id }
        let invited = mine.first?.invited ?? series.invited.filter { configuration.forum($0) != nil }
        var byMonth: [(year: Int, month: Int, able: [Int], learned: [Int])] = []
        var missed: [String: Int] = [:]
        var missedLearned: [String: Int] = [:]
        var held = 0
        var (moved, unplaced, skipped) = (0, 0, 0)
        // A meeting the coordinators cancelled is their decision, not the slot's: not counted.
        for occurrence in mine where occurrence.status != .cancelled {
            let date = occurrence.start.local.date
            if byMonth.last.map({ ($0.year, $0.month) != (date.year, date.month) }) ?? true {
                byMonth.append((date.year, date.month, [], []))
            }
            switch occurrence.status {
            case .moved: moved += 1
            case .unplaced: unplaced += 1
            case .skipped: skipped += 1
            case .scheduled, .cancelled: break
            }
            guard occurrence.takesPlace else {
                byMonth[byMonth.count - 1].able.append(0)
                byMonth[byMonth.count - 1].learned.append(0)
                continue
            }
            held += 1
            for forum in occurrence.cannotAttend { missed[forum, default: 0] += 1 }
            var ruledOut = 0
            for forum in invited where !occurrence.cannotAttend.contains(forum) {
                if let hours = learned[forum], hours.rulesOut(start: occurrence.start.local, end: occurrence.end.local) {
                    ruledOut += 1
                    missedLearned[forum, default: 0] += 1
                }
            }
            let able = invited.count - occurrence.cannotAttend.count
            byMonth[byMonth.count - 1].able.append(able)
            byMonth[byMonth.count - 1].learned.append(able - ruledOut)
        }
        // The months in order (a meeting moved back across a month's end may come later).
        let months = Dictionary(grouping: byMonth, by: { $0.year * 12 + $0.month }).sorted { $0.key < $1.key }.map {
            (
                year: $0.value[0].year, month: $0.value[0].month, able: $0.value.flatMap(\.able),
                learned: $0.value.flatMap(\.learned)
            )
        }
        let monthly = months.map {
            MonthAble(year: $0.year, month: $0.month, meetings: $0.able.count, forumsAble: Self.mean($0.able))
        }
        // With what answers show, where they show anything: who gains is who would really come.
        let ableMeetings = Dictionary(
            uniqueKeysWithValues: invited.map { ($0, held - missed[$0, default: 0] - missedLearned[$0, default: 0]) })
        let shortfalls = missed.keys.sorted().map { forum in
            Shortfall(forum: forum, why: hoursWhy(forum), meetings: missed[forum]!, held: held)
        }
        var answers: AnswerAppraisal?
        if !learned.isEmpty {
            answers = AnswerAppraisal(
                forumsAbleAverage: Self.mean(months.map { Self.mean($0.learned) }),
                forumsAbleWorst: months.flatMap(\.learned).min() ?? 0,
                cannotAttend: missedLearned.keys.sorted().map { forum in
                    let hours = learned[forum]!
                    return LearnedShortfall(
                        forum: forum, why: hours.why, meetings: missedLearned[forum]!, held: held, answers: hours.evidence)
                })
        }
        return SlotAppraisal(
            pattern: pattern,
            end: LocalDateTime(wallSeconds: pattern.dtstart.wallSeconds + series.duration.approximateSeconds).time,
            invited: invited.count, months: monthly, forumsAbleAverage: Self.mean(monthly.map(\.forumsAble)),
            forumsAbleWorst: months.flatMap(\.able).min() ?? 0, cannotAttend: shortfalls, moved: moved, unplaced: unplaced,
            skipped: skipped, displaces: displacements(occurrences), answers: answers, ableMeetings: ableMeetings)
    }

    /// Other series' meetings that `occurrences` place differently from the schedule now.
    private func displacements(_ occurrences: [Occurrence]) -> [Displacement] {
        var before: [String: Occurrence] = [:]
        for occurrence in baseline where occurrence.series != series.id { before[occurrence.uid] = occurrence }
        var result: [Displacement] = []
        for after in occurrences where after.series != series.id {
            guard let was = before[after.uid] else { continue }
            if was.start != after.start || was.venue != after.venue || was.status != after.status {
                result.append(Displacement(before: was, after: after))
            }
        }
        return result
    }

    /// "outside its hours (Tuesdays and Thursdays 18:30–20:30)".
    private func hoursWhy(_ forum: String) -> String {
        let windows = configuration.forum(forum)?.availability ?? []
        let hours = windows.map { window in
            EnglishList.joined(window.days.sorted().map { $0.name + "s" }) + " "
                + "\(DayText.time(window.from))–\(DayText.time(window.to))"
        }
        return "outside its hours (" + hours.joined(separator: "; ") + ")"
    }

    static func mean(_ values: [Int]) -> Double {
        values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count)
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    // MARK: Ranking

    /// Best first: most forums able on average (by their answers where known, then by
    /// their stated hours), most at worst, fewest meetings lost, fewest other meetings
    /// pushed aside, fewest moved; a tie goes to the slot closest to the current one.
    func rank(_ a: SlotAppraisal, before b: SlotAppraisal, current: SlotPattern) -> Bool {
        let keyA = (a.answers?.averageKey ?? a.averageKey, a.answers?.forumsAbleWorst ?? a.forumsAbleWorst, a.averageKey)
        let keyB = (b.answers?.averageKey ?? b.averageKey, b.answers?.forumsAbleWorst ?? b.forumsAbleWorst, b.averageKey)
        if keyA != keyB { return keyA > keyB }
        if a.forumsAbleWorst != b.forumsAbleWorst { return a.forumsAbleWorst > b.forumsAbleWorst }
        let lostA = (a.unplaced + a.skipped, a.displaces.count, a.moved)
        let lostB = (b.unplaced + b.skipped, b.displaces.count, b.moved)
        if lostA != lostB { return lostA < lostB }
        let (da, db) = (distance(a.pattern, from: current), distance(b.pattern, from: current))
        if da != db { return da < db }
        return (a.pattern.dtstart, a.pattern.venue ?? "") < (b.pattern.dtstart, b.pattern.venue ?? "")
    }

    /// How far a slot is from the current one: days apart in the month (or week), then
    /// minutes apart, then whether the venue differs.
    func distance(_ pattern: SlotPattern, from current: SlotPattern) -> (Int, Int, Int) {
        let minutes = abs(pattern.start.secondsSinceMidnight - current.start.secondsSinceMidnight) / 60
        let venue = pattern.venue == current.venue ? 0 : 1
        guard let rule = pattern.rule, let own = current.rule else { return (0, minutes, venue) }
        let (a, b) = (SlotKind(rule), SlotKind(own))
        switch (a, b) {
        case let (.ordinalWeekday(n, day), .ordinalWeekday(m, own)):
            let week = { (ordinal: Int) in ordinal == -1 ? 4 : ordinal - 1 }
            return (abs(week(n) * 7 + day.rawValue - week(m) * 7 - own.rawValue), minutes, venue)
        case let (.weekly(day), .weekly(own)):
            return (abs(day.rawValue - own.rawValue), minutes, venue)
        default:
            return (0, minutes, venue)
        }
    }
}

/// The current slot, the best others (best first), and how many slots were tried.
public struct SlotSuggestions: Sendable {
    public let current: SlotAppraisal
    public let suggestions: [SlotAppraisal]
    public let tried: Int
}

private struct DayAndVenue: Hashable {
    let rule: RecurrenceRule?
    let venue: String?
}

/// Appraisals filled in by index from several threads.
private final class Results: Sendable {
    private let slots: Mutex<[SlotAppraisal?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ appraisal: SlotAppraisal) {
        slots.withLock { $0[index] = appraisal }
    }

    var all: [SlotAppraisal] { slots.withLock { $0.compactMap { $0 } } }
}
