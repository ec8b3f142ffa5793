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
    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) throws(ControlFailure) -> ChangeDocument {
        let configuration = source.configuration
        guard let before = source.occurrence(change.uid) else {
            throw ControlFailure(.notFound, "no occurrence \"\(change.uid)\"")
        }
        let override = try Self.override(for: change, before: before, standing: source.overrides,
                                         configuration: configuration)
        let preview = source.adding(override)
        let after = preview.occurrence(change.uid)!
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
        let planned: [ChangeDocument.Planned]
        do {
            planned = try preview.plan(at: now, store: store).due.filter { $0.occurrence.uid == change.uid }
                .map { .init(forum: $0.forum, kind: $0.kind.rawValue) }
        } catch {
            throw ControlFailure(.internalError, "cannot read the ledger: \(error)")
        }
        if !dryRun {
            let who = UnixAccounts.describe(uid: peer.uid)
            do {
                _ = try store.record(override, by: who, at: now)
            } catch {
                throw ControlFailure(.internalError, "cannot store the change: \(error)")
            }
            source = source.next(overrides: source.overrides + [override])
            publish()
            logger.notice("\(who) made a change: \(change.action) \(change.uid): \(override.reason)",
                          metadata: ["occurrence.uid": .string(change.uid), "meeting.id": .string(before.series),
                                     "peer.uid": "\(peer.uid)", "action": .string(change.action)])
            timer.fire()
        }
        return ChangeDocument(dryRun: dryRun, action: change.action,
                              occurrence: ScheduleDocument(Schedule(occurrences: [after]), configuration: configuration)
                                  .occurrences[0],
                              conflicts: after.conflicts, notifications: planned)
    }

    /// A new secret address for `forum`'s feed; the old one answers 404 from now on.
    func rotateFeed(forum: String, by peer: Peer) throws(ControlFailure) -> FeedURLDocument {
        guard source.configuration.forum(forum) != nil else { throw ControlFailure(.notFound, "no forum \"\(forum)\"") }
        do {
            feedTokens[forum] = try store.rotateFeedToken(forum: forum, at: clock())
        } catch {
            throw ControlFailure(.internalError, "cannot store the new feed address: \(error)")
        }
        publish()
        logger.notice("\(UnixAccounts.describe(uid: peer.uid)) gave a forum's calendar feed a new address",
                      metadata: ["forum.id": .string(forum), "peer.uid": "\(peer.uid)"])
        return board.snapshot.feedURL(forum: forum, rotated: true)!
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
