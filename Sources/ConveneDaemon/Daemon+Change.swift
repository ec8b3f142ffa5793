import ConveneCore
import ConveneDelivery
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import Foundation
import Logging

extension Daemon {
    /// A coordinator's cancel, move or restore: checked against the schedule, then (unless
    /// a dry run) stored with who, when and why, and acted on at once: the work loop
    /// wakes, plans again, and writes the cancellations and updates.
    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) throws(ChangeRefusal) -> ChangeDocument {
        let configuration = source.configuration
        guard let before = source.occurrence(change.uid) else {
            throw .noOccurrence(uid: change.uid)
        }
        let override = try Self.override(
            for: change, before: before, standing: source.overrides,
            configuration: configuration)
        let preview = source.adding(override)
        let after = preview.occurrence(change.uid)!
        // The planner tells nobody about a meeting that has started, so a change to the
        // past would be recorded but never reach the forums' calendars.
        let now = clock()
        if case .move = change, after.start.instant <= now {
            throw .startHasPassed(after.start.local)
        }
        if before.start.instant <= now {
            throw .alreadyStarted(uid: change.uid)
        }
        if case .move = change, !after.conflicts.isEmpty, !dryRun {
            throw .clashes(after.conflicts)
        }
        let planned: [ChangeDocument.Planned]
        do {
            planned = try preview.plan(at: now, store: store).due.filter { $0.occurrence.uid == change.uid }
                .map { .init(forum: $0.forum, kind: $0.kind.rawValue) }
        } catch {
            throw .ledger(doing: "read the ledger", error: "\(error)")
        }
        if !dryRun {
            let who = UnixAccounts.describe(uid: peer.uid)
            do {
                _ = try store.record(override, by: who, at: now)
            } catch {
                throw .ledger(doing: "store the change", error: "\(error)")
            }
            source = source.next(overrides: source.overrides + [override])
            _ = loop.handle(.scheduleChanged)
            publish()
            logger.notice(
                Logger.Message(
                    stringLiteral: "\(who) \(change.pastTense) \(before.title) of "
                        + DayText.day(before.start.local.date) + ": \(override.reason)"),
                metadata: [
                    "occurrence.uid": .string(change.uid), "meeting.id": .string(before.series),
                    "peer.uid": "\(peer.uid)", "action": .string(change.action),
                ])
            timer.fire()
        }
        return ChangeDocument(
            dryRun: dryRun, action: change.action,
            occurrence: ScheduleDocument(Schedule(occurrences: [after]), configuration: configuration)
                .occurrences[0],
            conflicts: after.conflicts, notifications: planned)
    }

    /// A new secret address for `forum`'s feed; the old one answers 404 from now on.
    func rotateFeed(forum: String, by peer: Peer) throws(ChangeRefusal) -> FeedURLDocument {
        guard source.configuration.forum(forum) != nil else { throw .noForum(forum) }
        do {
            feedTokens[forum] = try store.rotateFeedToken(forum: forum, at: clock())
        } catch {
            throw .ledger(doing: "store the new feed address", error: "\(error)")
        }
        publish()
        logger.notice(
            "\(UnixAccounts.describe(uid: peer.uid)) gave a forum's calendar feed a new address",
            metadata: ["forum.id": .string(forum), "peer.uid": "\(peer.uid)"])
        return board.snapshot.feedURL(forum: forum, rotated: true)!
    }

    /// The override a change stands for, or why it cannot be made.
    static func override(
        for change: OccurrenceChange, before: Occurrence, standing: [Override],
        configuration: Configuration
    ) throws(ChangeRefusal) -> Override {
        switch change {
        case .cancel(let uid, let reason):
            guard before.status != .cancelled else { throw .alreadyCancelled(uid: uid) }
            return Override(uid: uid, action: .cancel, reason: try Self.reason(reason))
        case .move(let uid, let start, let venue, let reason):
            guard let time = LocalDateTime(start.count == 16 ? start + ":00" : start) else {
                throw .unreadableStart(start)
            }
            guard time.date.year == before.ruleStart.local.date.year else {
                throw .outsideItsYear(before.ruleStart.local.date.year)
            }
            if let venue, configuration.venue(venue) == nil {
                throw .noVenue(venue)
            }
            return Override(uid: uid, action: .move(to: time, venue: venue), reason: try Self.reason(reason))
        case .restore(let uid, let reason):
            let last = standing.last { $0.uid == uid }
            guard let last, last.action != .restore else {
                throw .nothingToUndo(uid: uid)
            }
            return Override(uid: uid, action: .restore, reason: reason.isEmpty ? "restored" : reason)
        }
    }

    static func reason(_ text: String) throws(ChangeRefusal) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .noReason }
        guard trimmed.count <= 500 else { throw .reasonTooLong(limit: 500) }
        return trimmed
    }
}
