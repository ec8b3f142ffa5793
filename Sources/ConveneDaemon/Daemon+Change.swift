import ConveneCore
import ConveneDelivery
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import FoundationEssentials
import Logging

extension Daemon {
    /// A coordinator's cancel, move or restore: checked against the schedule, then (unless
    /// a dry run) stored with who, when and why, and acted on at once: the work loop
    /// wakes, plans again, and writes the cancellations and updates.
    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) throws(ChangeRefusal) -> ChangeDocument {
        let configuration = source.configuration
        let now = clock()
        let proposal = try source.propose(change, at: now, allowingClashes: dryRun)
        let (override, before, after, preview) = (proposal.override, proposal.before, proposal.after, proposal.schedule)
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
}
