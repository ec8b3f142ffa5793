import ConveneCore
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import Foundation
import Logging

extension Daemon {
    /// A coordinator's cancel, move or restore: checked against the schedule, then (unless
    /// a dry run) stored with who, when and why, and acted on at once: the work loop
    /// wakes, plans again, and writes the cancellations and updates.
    public func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) throws(ControlFailure) -> ChangeDocument {
        let configuration = loaded.configuration
        guard let id = OccurrenceID(change.uid), id.domain == configuration.organisation.uidDomain,
              configuration.series(id.series) != nil else {
            throw ControlFailure(.notFound, "no occurrence \"\(change.uid)\"")
        }
        let year = id.ruleDate.year
        let standing = try overrides()
        guard let before = yearSchedule(year, overrides: standing).occurrence(change.uid) else {
            throw ControlFailure(.notFound, "no occurrence \"\(change.uid)\"")
        }
        let override = try Self.override(for: change, before: before, standing: standing, configuration: configuration)
        let after = yearSchedule(year, overrides: standing + [override]).occurrence(change.uid)!
        // The planner tells nobody about a meeting that has started, so a change to the
        // past would be recorded but never reach the forums' calendars.
        let now = clock()
        if case .move = change, after.start.instant <= now {
            throw ControlFailure(.badRequest, "start: \(after.start.local) has passed; a meeting can move only to a time still to come")
        }
        if before.start.instant <= now {
            throw ControlFailure(.clash, "\(change.uid) has already started or taken place; it can no longer be changed")
        }
        if case .move = change, !after.conflicts.isEmpty, !dryRun {
            throw ControlFailure(.clash, "the move clashes: " + after.conflicts.joined(separator: "; ")
                                 + " (nothing was changed; --dry-run shows the clashes)")
        }
        let planned = try plannedNotifications(for: change.uid, overrides: standing + [override])
        if !dryRun {
            let who = UnixAccounts.describe(uid: peer.uid)
            do {
                _ = try store.record(override, by: who, at: clock())
            } catch {
                throw ControlFailure(.internalError, "cannot store the change: \(error)")
            }
            generation += 1
            cachedSchedule = nil
            logger.notice("\(who) made a change: \(change.action) \(change.uid): \(override.reason)",
                          metadata: ["occurrence.uid": .string(change.uid), "meeting.id": .string(id.series),
                                     "peer.uid": "\(peer.uid)", "action": .string(change.action)])
            timer.fire()
        }
        return ChangeDocument(dryRun: dryRun, action: change.action,
                              occurrence: ScheduleDocument(Schedule(occurrences: [after]), configuration: configuration)
                                  .occurrences[0],
                              conflicts: after.conflicts, notifications: planned)
    }

    /// A year's schedule (a meeting never moves into another year).
    func yearSchedule(_ year: Int, overrides: [Override]) -> Schedule {
        Scheduler(configuration: loaded.configuration)
            .schedule(from: CivilDate(year: year, month: 1, day: 1)!, through: CivilDate(year: year, month: 12, day: 31)!,
                      overrides: overrides)
    }

    /// What the planner would send now about `uid` with `overrides` in force.
    func plannedNotifications(for uid: String, overrides: [Override]) throws(ControlFailure) -> [ChangeDocument.Planned] {
        let now = clock()
        let window = PlanningWindow(at: now, months: horizonMonths, in: loaded.configuration.organisation.timeZone)
        let scheduler = Scheduler(configuration: loaded.configuration)
        var years: [Int: [Occurrence]] = [:]
        for year in window.first.year...window.last.year { years[year] = scheduler.placed(year: year, overrides: overrides) }
        let schedule = scheduler.schedule(from: window.first, through: window.last, overrides: overrides) {
            years[$0] ?? scheduler.placed(year: $0, overrides: overrides)
        }
        let occurrences = Self.withChangedMeetings(schedule.occurrences, years: years, overrides: overrides)
        let horizon = window.instants
        do {
            let planner = NotificationPlanner(configuration: loaded.configuration)
            let history = try store.history(planner.historyNeeded(occurrences: occurrences, horizon: horizon, now: now))
            let plan = planner.plan(occurrences: occurrences, history: history, horizon: horizon, now: now) {
                Scheduler.occurrence($0, in: years)
            }
            return plan.due.filter { $0.occurrence.uid == uid }.map { .init(forum: $0.forum, kind: $0.kind.rawValue) }
        } catch {
            throw ControlFailure(.internalError, "cannot read the ledger: \(error)")
        }
    }

    /// The override a change stands for, or why it cannot be made.
    static func override(for change: OccurrenceChange, before: Occurrence, standing: [Override],
                         configuration: Configuration) throws(ControlFailure) -> Override {
        switch change {
        case .cancel(let uid, let reason):
            guard before.status != .cancelled else { throw ControlFailure(.clash, "\(uid) is already cancelled") }
            return Override(uid: uid, action: .cancel, reason: try Self.reason(reason))
        case .move(let uid, let start, let venue, let reason):
            guard let time = LocalDateTime(start.count == 16 ? start + ":00" : start) else {
                throw ControlFailure(.badRequest, "start: expected a local date and time such as 2027-03-10T10:00, not \"\(start)\"")
            }
            guard time.date.year == before.ruleStart.local.date.year else {
                throw ControlFailure(.badRequest, "start: a meeting can move within its year (\(before.ruleStart.local.date.year)) only")
            }
            if let venue, configuration.venue(venue) == nil {
                throw ControlFailure(.badRequest, "venue: no venue \"\(venue)\"")
            }
            return Override(uid: uid, action: .move(to: time, venue: venue), reason: try Self.reason(reason))
        case .restore(let uid, let reason):
            let last = standing.last { $0.uid == uid }
            guard let last, last.action != .restore else {
                throw ControlFailure(.clash, "\(uid) has no cancel or move to undo")
            }
            return Override(uid: uid, action: .restore, reason: reason.isEmpty ? "restored" : reason)
        }
    }

    static func reason(_ text: String) throws(ControlFailure) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ControlFailure(.badRequest, "reason: say why (it is kept and told to the forums)") }
        guard trimmed.count <= 500 else { throw ControlFailure(.badRequest, "reason: at most 500 characters") }
        return trimmed
    }
}
