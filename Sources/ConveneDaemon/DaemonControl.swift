import ConveneDelivery
import ConveneProtocol
import ConveneServer
import Glibc

/// The control API's way into the daemon: reads from the newest snapshot, on the
/// caller's thread; changes through the actor.
struct DaemonControl: ControlHandling {
    let daemon: Daemon
    let board: SnapshotBoard

    func read(_ request: ReadRequest) async -> ReadAnswer {
        let snapshot = board.snapshot
        // Trying every slot takes a moment of every processor: not on the pool's threads,
        // nor beside the delivery's, and one request at a time.
        if case .suggestions = request { return await WorkThreads.suggestions.run { snapshot.answer(request) } }
        return snapshot.answer(request)
    }

    func keptAnswer(_ request: ReadRequest) -> ReadAnswer? {
        board.snapshot.keptAnswer(request)
    }

    func reload() async -> ReloadDocument {
        await daemon.reload()
    }

    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure) -> ChangeDocument {
        do {
            return try await daemon.change(change, by: peer, dryRun: dryRun)
        } catch {
            throw ControlFailure(error.code, error.description)
        }
    }

    func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument {
        do {
            return try await daemon.rotateFeed(forum: id, by: peer)
        } catch {
            throw ControlFailure(error.code, error.description)
        }
    }

    func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument {
        do {
            return try await daemon.record(record, by: peer)
        } catch {
            throw ControlFailure(error.code, error.description)
        }
    }

    func item(_ change: ItemChange, by peer: Peer) async throws(ControlFailure) -> ItemDocument {
        do {
            return try await daemon.item(change, by: peer)
        } catch {
            throw ControlFailure(error.code, error.description)
        }
    }

    func mayChange(_ peer: Peer) async -> Bool {
        UnixAccounts.isRootOrMember(uid: peer.uid, gid: peer.gid, of: board.snapshot.configuration.control.adminGroup)
    }

    /// Whoever may change things, and the daemon's own user: `systemctl reload` runs
    /// `convenectl reload` as that user (the unit's ExecReload=). A process running as
    /// it could write the ledger anyway, so this grants it nothing more than a reload.
    func mayReload(_ peer: Peer) async -> Bool {
        if peer.uid == geteuid() { return true }
        return await mayChange(peer)
    }
}
