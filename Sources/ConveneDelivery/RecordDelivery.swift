import ConveneCore
import ConveneSpool
import ConveneStore

/// Writes the co-production record's messages exactly once, crash or not, as
/// `Delivery` does the meetings': each is staged in `tmp/` and synced, the batch is
/// committed in the ledger, the files are moved into `new/`, the folders synced, and
/// the batch marked done; `recover()` finishes what a crash interrupted. Digests go to
/// the forums' folders; reminders to `<spool>/_officers/<officer-id>`, which the
/// underscore keeps apart from forum ids.
public struct RecordDelivery: Sendable {
    public let store: Store
    public let forums: MaildirSpool
    public let officers: MaildirSpool
    public let letter: RecordLetter

    public init(store: Store, spool: MaildirSpool, configuration: Configuration) {
        self.store = store
        forums = spool
        officers = Self.officersSpool(spool)
        letter = RecordLetter(configuration: configuration)
    }

    /// The officers' folders, `_officers/<officer-id>` in the forums' spool.
    public static func officersSpool(_ spool: MaildirSpool) -> MaildirSpool {
        MaildirSpool(
            root: spool.root + "/_officers", fileMode: spool.fileMode, folderMode: spool.folderMode, group: spool.group,
            host: spool.host)
    }

    /// The folders a message goes to.
    func spool(for kind: RecordMessage.Kind) -> MaildirSpool { kind == .digest ? forums : officers }

    public struct Report: Sendable {
        public var written: [RecordMessage] = []
        public var failures: [(message: RecordMessage, error: SpoolError)] = []
        /// Messages committed earlier that still could not be finished.
        public var stuck: [(id: String, error: SpoolError)] = []

        public init() {}
    }

    /// Writes `due` at `now`.
    public func deliver(
        _ due: [RecordMessage], items: [Item], meetings: [String: RecordLetter.Meeting], toldUpTo: [String: Int], now: Int
    ) throws -> Report {
        var report = Report()
        var staged: [(message: RecordMessage, file: MaildirSpool.Staged)] = []
        for message in due {
            let text = letter.render(
                message, items: items, meetings: meetings, writtenAt: now, toldUpTo: toldUpTo[message.recipient])
            do {
                let spool = spool(for: message.kind)
                try spool.prepare(forum: message.recipient)
                staged.append(
                    (message, try spool.stage(text, forum: message.recipient, notificationID: message.id, writtenAt: now)))
            } catch {
                report.failures.append((message, error))
            }
        }
        let covers = items.flatMap(\.events).map(\.serial).max() ?? 0
        try store.commitRecordMessages(staged.map { ($0.message, $0.file.fileName) }, writtenAt: now, covers: covers)
        var published: [RecordMessage] = []
        for (message, file) in staged {
            do {
                try publish(file, kind: message.kind)
                published.append(message)
            } catch {
                // Committed already: the next round's recovery moves it into new/ once the
                // folder can be written.
                report.failures.append((message, error))
            }
        }
        try store.markRecordMessagesDone(published.map(\.id))
        report.written = published
        return report
    }

    /// Moves a staged message into `new/` (making the folders again if someone removed
    /// them) and syncs the folder.
    private func publish(_ file: MaildirSpool.Staged, kind: RecordMessage.Kind) throws(SpoolError) {
        let spool = spool(for: kind)
        try spool.publishMakingFolders(file)
        try spool.syncFolders([file.forum])
    }

    /// Finishes messages committed but not done (a crash, or a folder that could not be
    /// written then), each on its own: one that still cannot be finished waits for the
    /// next round and holds up no other. At a start (`removingDrafts`), also removes
    /// officers' files staged but never committed (they will be written again). How many
    /// were finished, and what failed.
    public func recover(removingDrafts: Bool = true) throws -> (finished: Int, failures: [(id: String, error: SpoolError)]) {
        let pending = try store.recordMessagesPending()
        var done: [String] = []
        var failures: [(id: String, error: SpoolError)] = []
        for row in pending {
            let kind = RecordMessage.Kind(rawValue: row.kind) ?? .digest
            do {
                _ = try spool(for: kind).recover(forum: row.recipient, fileName: row.fileName)
                done.append(row.id)
            } catch {
                failures.append((row.id, error))
            }
        }
        try store.markRecordMessagesDone(done)
        if removingDrafts {
            let keep = Set(pending.map(\.fileName))
            for officer in officers.forums() { _ = try? officers.removeStaleStaged(forum: officer, keep: keep) }
        }
        return (done.count, failures)
    }
}
