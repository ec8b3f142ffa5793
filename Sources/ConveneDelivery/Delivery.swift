import ConveneCore
import ConveneSpool
import ConveneStore
import Dispatch
import FoundationEssentials
import Synchronization

/// Writes due notifications into the forums' spool folders exactly once, crash or not:
/// each message is written to `tmp/` and synced, the batch is committed in the ledger
/// (the decision), the files are moved into `new/`, each folder is synced once, and the
/// batch is marked done. `recover()` finishes whatever a crash interrupted.
///
/// A forum whose folder cannot be written (disk full, folder removed, read-only) is
/// reported and skipped for the rest of the batch; other forums go ahead. A chaser to a
/// forum that answered after the plan was made is recorded as superseded, not written.
public struct Delivery: Sendable {
    public let store: Store
    public let spool: MaildirSpool
    public let renderer: MessageRenderer
    /// Called after each step; crash tests use it to stop the process at an exact point.
    public let checkpoint: @Sendable (Checkpoint) -> Void

    /// The steps of a delivery, in order.
    public enum Checkpoint: String, CaseIterable, Sendable {
        case staged, committed, published, synced, done
    }

    public init(
        store: Store, spool: MaildirSpool, configuration: Configuration,
        checkpoint: @escaping @Sendable (Checkpoint) -> Void = { _ in }
    ) {
        self.store = store
        self.spool = spool
        renderer = MessageRenderer(configuration: configuration)
        self.checkpoint = checkpoint
    }

    /// What one round of delivery did.
    public struct Report: Sendable {
        public var written: [ConveneCore.Notification] = []
        /// Forums that could not be written to, with the notification and the reason.
        public var failures: [(forum: String, notification: String, error: SpoolError)] = []
        /// Chasers to forums that have answered since the plan: superseded, never written.
        public var withdrawn: [ConveneCore.Notification] = []
    }

    /// Writes `due` (in order) at `now`.
    public func deliver(_ due: [ConveneCore.Notification], now: Int) throws -> Report {
        var report = Report()
        // What each forum has answered, for the PARTSTAT its contacts see; a message goes
        // out without it (NEEDS-ACTION) rather than not at all if the ledger cannot say.
        let answers = (try? store.currentAnswers(due.map { ($0.forum, $0.occurrence.uid, $0.sequence) })) ?? [:]
        // An answer may have come in since the plan: a chaser then has nothing to ask.
        let answered = { (notification: ConveneCore.Notification) in
            notification.kind == .chaser && answers[notification.occurrence.uid]?[notification.forum] != nil
        }
        report.withdrawn = due.filter(answered)
        try store.recordSuperseded(report.withdrawn)
        let writing = due.filter { !answered($0) }
        var staged: [(notification: ConveneCore.Notification, file: MaildirSpool.Staged)] = []
        for (notification, outcome) in zip(writing, stage(writing, writtenAt: now, answers: answers)) {
            switch outcome {
            case .success(let file):
                staged.append((notification, file))
                checkpoint(.staged)
            case .failure(let error):
                report.failures.append((notification.forum, notification.id, error))
            }
        }
        try store.commit(staged.map { ($0.notification, $0.file.fileName, now) })
        checkpoint(.committed)
        var published: [(notification: ConveneCore.Notification, file: MaildirSpool.Staged)] = []
        for entry in staged {
            do {
                try publish(entry.file)
                published.append(entry)
                checkpoint(.published)
            } catch {
                // Committed already: recovery moves it into new/ once the folder is back.
                report.failures.append((entry.notification.forum, entry.notification.id, error))
            }
        }
        try syncFolders(Set(published.map(\.notification.forum)))
        checkpoint(.synced)
        try store.markDone(published.map(\.notification.id))
        checkpoint(.done)
        report.written = published.map(\.notification)
        return report
    }

    /// Threads that render and stage messages at once. Rendering is CPU work and
    /// staging waits for fsync; with several files in flight the file system commits
    /// their fsyncs together (ext4's and XFS's journals batch concurrent syncs), which a
    /// sequential loop cannot do. The guarantee is unchanged: nothing is committed or
    /// published before every file of the batch is on disk in `tmp/`.
    public static let stagingThreads = 8

    /// Renders and stages each notification (in `tmp/`, synced), with its forum's
    /// current answer from `answers`; results in order.
    func stage(
        _ notifications: [ConveneCore.Notification], writtenAt now: Int, answers: [String: [String: Answer]]
    ) -> [Result<MaildirSpool.Staged, SpoolError>] {
        let results = Mutex([Result<MaildirSpool.Staged, SpoolError>?](repeating: nil, count: notifications.count))
        ConcurrentWork.run(count: notifications.count, threads: Self.stagingThreads) { index in
            let notification = notifications[index]
            let outcome = Result { () throws(SpoolError) -> MaildirSpool.Staged in
                let message = renderer.render(
                    notification, writtenAt: now, answer: answers[notification.occurrence.uid]?[notification.forum])
                return try spool.stage(message, forum: notification.forum, notificationID: notification.id, writtenAt: now)
            }
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Syncs each forum's `new/` once, several at a time (as `stage` does for files).
    func syncFolders(_ forums: Set<String>) throws(SpoolError) {
        let list = forums.sorted()
        let failure = Mutex<SpoolError?>(nil)
        ConcurrentWork.run(count: list.count, threads: Self.stagingThreads) { index in
            do throws(SpoolError) {
                try spool.syncFolders([list[index]])
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func publish(_ file: MaildirSpool.Staged) throws(SpoolError) { try spool.publishMakingFolders(file) }

    /// What recovery did on start.
    public struct Recovery: Sendable {
        public var finished = 0
        public var alreadyPublished = 0
        public var consumed = 0
        public var staleRemoved = 0
    }

    /// Finishes deliveries a crash interrupted (committed rows not marked done) and
    /// removes messages written but never committed, which the planner will write again.
    public func recover() throws -> Recovery {
        var recovery = Recovery()
        let pending = try store.committedNotDone()
        var done: [String] = []
        for delivery in pending {
            switch try spool.recover(forum: delivery.forum, fileName: delivery.fileName) {
            case .published: recovery.finished += 1
            case .alreadyPublished: recovery.alreadyPublished += 1
            case .consumed: recovery.consumed += 1
            }
            done.append(delivery.id)
        }
        try store.markDone(done)
        // Digests share the forums' folders: those the record's delivery has yet to finish stay.
        let keep = Set(pending.map(\.fileName)).union(try store.recordMessagesPending().map(\.fileName))
        for forum in spool.forums() {
            recovery.staleRemoved += try spool.removeStaleStaged(forum: forum, keep: keep).count
        }
        return recovery
    }
}
