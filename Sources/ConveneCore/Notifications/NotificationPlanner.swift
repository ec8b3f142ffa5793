/// Decides which notifications are due: pure, with the schedule, the ledger's history
/// and `now` passed in.
///
/// For each occurrence and invited forum, it compares what the forum was last told with
/// the schedule now:
/// - nothing told and the meeting happens: an invitation when its month is published
///   (`publish_days_before_month` before the 1st, at 09:00, or with the month before if
///   it starts earlier; at once if that has passed), and a reminder at each lead time
///   before the start;
/// - and for a meeting that happens, a chaser at the `chase` lead time if the forum has
///   not answered what it was (or is about to be) told;
/// - told, and the time, date, venue or link changed: an update (SEQUENCE + 1) at once;
/// - told, and it no longer happens: a cancellation (SEQUENCE + 1) at once;
/// - told it was cancelled, and it happens again: a new invitation (SEQUENCE + 1) at once.
///
/// Of the notifications overdue for a forum and occurrence, only the latest goes out;
/// the rest are superseded (and so is a reminder or chaser the forum has heard since,
/// or one that would come before the invitation). Nothing is sent about a meeting that
/// has started.
public struct NotificationPlanner: Sendable {
    public let configuration: Configuration

    /// Publication happens at this time of day.
    public static let publicationTime = LocalTime(hour: 9, minute: 0)!

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The outcome of planning at one instant.
    public struct Plan: Hashable, Sendable {
        /// To write now, in due order.
        public let due: [Notification]
        /// Overdue but overtaken: record them, do not send them.
        public let superseded: [Notification]
        /// What falls due first after `now`, one per occurrence and forum, in due order
        /// (all due at the same instant).
        public let next: [Notification]

        /// The earliest instant after `now` when something falls due, if anything will.
        public var nextDue: Int? { next.first?.due }
    }

    /// The ledger rows a plan at `now` depends on: every row about `occurrences`, and
    /// every row about an occurrence some row announced as starting in `announced`.
    /// Rows about other meetings (ones that have started, or that were never in this
    /// window) make no difference to the plan, so a ledger that grows over the years
    /// is read only as far as the window reaches.
    public struct HistoryNeeded: Hashable, Sendable {
        /// The schedule's meetings the planner can still act on.
        public let occurrences: Set<String>
        /// Starts, as announced, of meetings that may have left the schedule and so
        /// may need cancelling.
        public let announced: Range<Int>

        public init(occurrences: Set<String>, announced: Range<Int>) {
            self.occurrences = occurrences
            self.announced = announced
        }

        /// Whether the plan needs the rows about `occurrence`, given the starts they
        /// announced: in memory, what `Store.history(_:)` selects in SQL.
        public func includes(occurrence: String, announcedStarts: some Sequence<Int>) -> Bool {
            occurrences.contains(occurrence) || announcedStarts.contains { announced.contains($0) }
        }
    }

    /// What history `plan(occurrences:history:horizon:now:)` needs with these arguments.
    public func historyNeeded(occurrences: [Occurrence], horizon: Range<Int>, now: Int) -> HistoryNeeded {
        // A meeting that has started is past telling. Whether a cancelled one has
        // started depends on what its rows announced, so those are read whatever its
        // place in the schedule; one gone from the schedule matters only if a forum was
        // told it starts after now, which the announced starts find.
        let open = occurrences.filter { !$0.takesPlace || now < $0.start.instant }
        let after = min(now + 1, horizon.upperBound)
        return HistoryNeeded(occurrences: Set(open.map(\.uid)), announced: max(after, horizon.lowerBound)..<horizon.upperBound)
    }

    /// Plans for `occurrences` (the schedule over `horizon`, instants) given `history`
    /// and which forums have `answered` (read for the same meetings as the history).
    ///
    /// A forum told of a meeting in the horizon that `occurrences` lacks is told where
    /// `elsewhere` (the whole schedule, by UID) has it now: a meeting moved out of the
    /// horizon, by a coordinator or by being placed again, is an update, not a
    /// cancellation followed later by a new invitation. One the schedule no longer has
    /// at all is cancelled.
    public func plan(
        occurrences: [Occurrence], history: [NotificationRecord], answered: Answered = Answered(), horizon: Range<Int>,
        now: Int, elsewhere: (String) -> Occurrence? = { _ in nil }
    ) -> Plan {
        var byPair: [Pair: [NotificationRecord]] = [:]
        for record in history { byPair[Pair(occurrence: record.occurrence, forum: record.forum), default: []].append(record) }
        var due: [Notification] = []
        var superseded: [Notification] = []
        var next: [Notification] = []
        var seen = Set<Pair>()

        func consider(_ candidates: [Notification], told: [NotificationRecord]) {
            let outcome = Self.collapse(candidates, told: told, now: now)
            due += outcome.due
            superseded += outcome.superseded
            guard let following = outcome.next else { return }
            if let first = next.first, first.due < following.due { return }
            if let first = next.first, following.due < first.due { next.removeAll() }
            next.append(following)
        }

        for occurrence in occurrences {
            let shared = SharedOccurrence(occurrence)
            for forum in occurrence.invited {
                let pair = Pair(occurrence: occurrence.uid, forum: forum)
                seen.insert(pair)
                let told = byPair[pair] ?? []
                consider(candidates(for: shared, forum: forum, told: told, answered: answered, now: now), told: told)
            }
        }
        // Told meetings the horizon's schedule lacks: moved out of it, or gone (a series
        // removed, a forum no longer invited).
        var located: [String: Occurrence?] = [:]
        for (pair, told) in byPair.sorted(by: { ($0.key.occurrence, $0.key.forum) < ($1.key.occurrence, $1.key.forum) })
        where !seen.contains(pair) {
            guard let last = Self.lastSent(told), last.kind != .cancellation,
                horizon.contains(last.announced.start), now < last.announced.start
            else { continue }
            if located[pair.occurrence] == nil { located[pair.occurrence] = .some(elsewhere(pair.occurrence)) }
            if let moved = located[pair.occurrence] ?? nil, moved.invited.contains(pair.forum) {
                consider(
                    candidates(for: SharedOccurrence(moved), forum: pair.forum, told: told, answered: answered, now: now),
                    told: told)
                continue
            }
            let gone = Self.occurrence(from: last.announced, uid: pair.occurrence, configuration: configuration)
            consider(
                [
                    Notification(
                        kind: .cancellation, occurrence: gone, forum: pair.forum,
                        sequence: Self.maxSequence(told) + 1, lead: nil, due: now)
                ], told: told)
        }
        let order = { (a: Notification, b: Notification) in
            (a.due, a.occurrence.start.instant, a.forum, a.id) < (b.due, b.occurrence.start.instant, b.forum, b.id)
        }
        return Plan(due: due.sorted(by: order), superseded: superseded, next: next.sorted(by: order))
    }

    struct Pair: Hashable {
        let occurrence: String
        let forum: String
    }

    // MARK: Candidates

    /// Every notification this forum should get about this occurrence from now on,
    /// overdue or not, that it has not had.
    private func candidates(
        for shared: SharedOccurrence, forum: String, told: [NotificationRecord], answered: Answered, now: Int
    ) -> [Notification] {
        let occurrence = shared.occurrence
        let last = Self.lastSent(told)
        // Nothing about a meeting that has started (as the forum knows it, if cancelled).
        guard now < (occurrence.takesPlace ? occurrence.start.instant : last?.announced.start ?? Int.min) else { return [] }
        let maxSequence = Self.maxSequence(told)
        var list: [Notification] = []
        let announcement = Announcement(occurrence)
        var sequence: Int
        switch (last, occurrence.takesPlace) {
        case (nil, false):
            return []
        case (nil, true):
            // Due at publication; once that has passed (a meeting added later, or after
            // downtime) due at once, so it outranks the reminders it makes redundant.
            sequence = told.isEmpty ? 0 : maxSequence + 1
            list.append(
                Notification(
                    kind: .invitation, occurrence: shared, forum: forum, sequence: sequence,
                    lead: nil, due: max(publication(of: occurrence), now)))
        case let (told?, false):
            guard told.kind != .cancellation else { return [] }
            return [
                Notification(
                    kind: .cancellation, occurrence: shared, forum: forum, sequence: maxSequence + 1,
                    lead: nil, due: now)
            ]
        case let (told?, true) where told.kind == .cancellation:
            sequence = maxSequence + 1
            list.append(
                Notification(
                    kind: .invitation, occurrence: shared, forum: forum, sequence: sequence,
                    lead: nil, due: now))
        case let (told?, true) where told.announced.differs(from: announcement):
            sequence = maxSequence + 1
            list.append(
                Notification(
                    kind: .update, occurrence: shared, forum: forum, sequence: sequence,
                    lead: nil, due: now))
        case let (told?, true):
            sequence = told.sequence
        }
        let recorded = Set(told.map(\.id))
        for lead in leads(for: occurrence) {
            let reminder = Notification(
                kind: .reminder, occurrence: shared, forum: forum, sequence: sequence,
                lead: lead, due: reminderTime(occurrence, lead))
            if !recorded.contains(reminder.id) { list.append(reminder) }
        }
        // Asked once per version of the meeting, and only while no answer stands for it.
        if let lead = chaseLead(for: occurrence),
            !answered.hasAnswered(forum: forum, occurrence: occurrence.uid, atOrAfter: sequence)
        {
            list.append(
                Notification(
                    kind: .chaser, occurrence: shared, forum: forum, sequence: sequence, lead: lead,
                    due: reminderTime(occurrence, lead)))
        }
        return list.filter { !recorded.contains($0.id) }
    }

    /// Splits candidates into due now (the latest overdue one), superseded (the other
    /// overdue ones, and reminders older than what the forum last heard) and the first
    /// one due in the future.
    private static func collapse(
        _ candidates: [Notification], told: [NotificationRecord],
        now: Int
    ) -> (due: [Notification], superseded: [Notification], next: Notification?) {
        // A reminder or a chaser is pointless once the forum has heard about the meeting
        // since its time (every message asks for an answer), or if it would come before
        // the invitation (before the month is published).
        let heardAt = told.compactMap(\.sentAt).max() ?? Int.min
        let invitation = candidates.first { $0.kind == .invitation }?.due ?? Int.min
        var overdue: [Notification] = []
        var superseded: [Notification] = []
        var next: Notification?
        for candidate in candidates {
            if candidate.kind == .reminder || candidate.kind == .chaser, candidate.due <= max(heardAt, invitation) {
                superseded.append(candidate)
            } else if candidate.due <= now {
                overdue.append(candidate)
            } else if candidate.due < candidate.occurrence.start.instant,
                next.map({ (candidate.due, -rank(candidate.kind)) < ($0.due, -rank($0.kind)) }) ?? true
            {
                // (One due once the meeting has started would never go out.)
                next = candidate
            }
        }
        guard let latest = overdue.max(by: { ($0.due, rank($0.kind)) < ($1.due, rank($1.kind)) }) else {
            return ([], superseded, next)
        }
        return ([latest], superseded + overdue.filter { $0.id != latest.id }, next)
    }

    /// Between notifications due at the same instant, the one that says most wins.
    private static func rank(_ kind: Notification.Kind) -> Int {
        switch kind {
        case .reminder: 0
        case .chaser: 1
        case .invitation: 2
        case .update: 3
        case .cancellation: 4
        }
    }

    // MARK: History

    static func lastSent(_ told: [NotificationRecord]) -> NotificationRecord? {
        told.filter { $0.sentAt != nil }.max {
            ($0.sequence, $0.sentAt ?? 0, rank($0.kind)) < ($1.sequence, $1.sentAt ?? 0, rank($1.kind))
        }
    }

    static func maxSequence(_ told: [NotificationRecord]) -> Int { told.map(\.sequence).max() ?? -1 }

    /// An occurrence rebuilt from what was announced, for cancelling a meeting the
    /// schedule no longer has.
    static func occurrence(from announced: Announcement, uid: String, configuration: Configuration) -> Occurrence {
        let zone = configuration.organisation.timeZone
        let start = zone.zoned(instant: announced.start)
        return Occurrence(
            uid: uid, series: announced.series, title: announced.title, ruleStart: start, start: start,
            end: zone.zoned(instant: announced.end), venue: announced.venue, online: announced.online,
            invited: [], status: .cancelled, reason: "Cancelled: this meeting is no longer in the schedule")
    }
}
