import ConveneCore

extension Store {
    /// Records an item raised at `occurrence` by `forums`, with its first event; its id.
    public func raise(
        occurrence: String, forums: [String], title: String, text: String?, by who: String, at time: Int
    ) throws -> Int {
        try write("record the item") { db in
            try db.execute("INSERT INTO item (occurrence, title, text) VALUES (?, ?, ?)", [occurrence, title, text])
            let id = Int(db.lastInsertedRowID)
            for forum in Set(forums).sorted() {
                try db.execute("INSERT INTO itemForum (item, forum) VALUES (?, ?)", [id, forum])
            }
            try Self.insert(ItemEvent(kind: .raised, at: time, by: who, status: .open), item: id, db)
            return id
        }
    }

    /// Adds `event` to item `id`'s record.
    public func record(_ event: ItemEvent, item id: Int) throws {
        try write("record the change to the item") { db in try Self.insert(event, item: id, db) }
    }

    private static func insert(_ event: ItemEvent, item id: Int, _ db: SQLiteConnection) throws {
        let officer = event.owner?.officer
        let name: String? = if case .named(let text)? = event.owner { text } else { nil }
        try db.execute(
            """
            INSERT INTO itemEvent (item, kind, at, byWhom, status, ownerOfficer, ownerName, due, reason, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                id, event.kind.rawValue, event.at, event.by, event.status?.rawValue, officer, name,
                event.due?.description, event.reason, event.note,
            ])
    }

    /// Every item with its whole record, oldest first; only `id` when given.
    public func items(id: Int? = nil) throws -> [Item] {
        try read("read the co-production record") { db in
            let items = try db.rows(
                "SELECT id, occurrence, title, text FROM item WHERE ?1 IS NULL OR id = ?1 ORDER BY id", [id]
            ) { row -> (Int, String, String, String?) in try (row[0], row[1], row[2], row[3]) }
            guard !items.isEmpty else { return [] }
            var forums: [Int: [String]] = [:]
            for (item, forum) in try db.rows(
                "SELECT item, forum FROM itemForum WHERE ?1 IS NULL OR item = ?1", [id],
                { row -> (Int, String) in try (row[0], row[1]) })
            {
                forums[item, default: []].append(forum)
            }
            var events: [Int: [ItemEvent]] = [:]
            _ = try db.rows(
                """
                SELECT item, kind, at, byWhom, status, ownerOfficer, ownerName, due, reason, note, id FROM itemEvent
                WHERE ?1 IS NULL OR item = ?1 ORDER BY id
                """, [id]
            ) { row -> Void in
                guard let kind = ItemEvent.Kind(rawValue: try row[1]) else { return }
                let officer: String? = try row[5]
                let named: String? = try row[6]
                let due: String? = try row[7]
                let status: String? = try row[4]
                events[try row[0], default: []].append(
                    ItemEvent(
                        kind: kind, at: try row[2], by: try row[3], status: status.flatMap(ItemStatus.init(rawValue:)),
                        owner: officer.map(ItemOwner.officer) ?? named.map(ItemOwner.named),
                        due: due.flatMap(CivilDate.init), reason: try row[8], note: try row[9], serial: try row[10]))
            }
            return items.compactMap { item in
                guard let record = events[item.0], !record.isEmpty else { return nil }
                return Item(
                    id: item.0, occurrence: item.1, forums: forums[item.0] ?? [], title: item.2, text: item.3, events: record)
            }
        }
    }
}

/// What the record has written: every message's id; for each forum, when its last
/// digest was written and the serial of the last change to the record it told.
public struct RecordMessagesSent: Sendable, Equatable {
    public var ids = Set<String>()
    public var lastDigest: [String: Int] = [:]
    public var toldUpTo: [String: Int] = [:]

    public init() {}
}

/// A record message the ledger has: written (committed) and, once its file is in
/// `new/`, done.
public struct RecordMessageRow: Sendable, Equatable {
    public let id: String
    public let kind: String
    public let recipient: String
    public let fileName: String
    public let writtenAt: Int
}

extension Store {
    /// Every record message written, and for each forum's last digest when it was written
    /// and the last change to the record it told.
    public func recordMessagesSent() throws -> RecordMessagesSent {
        try read("read the record's messages") { db in
            var sent = RecordMessagesSent()
            for (id, kind, recipient, writtenAt, covers) in try db.rows(
                "SELECT id, kind, recipient, writtenAt, covers FROM recordMessage ORDER BY writtenAt", [],
                { row -> (String, String, String, Int, Int?) in try (row[0], row[1], row[2], row[3], row[4]) })
            {
                sent.ids.insert(id)
                guard kind == RecordMessage.Kind.digest.rawValue else { continue }
                sent.lastDigest[recipient] = writtenAt
                sent.toldUpTo[recipient] = max(sent.toldUpTo[recipient] ?? 0, covers ?? 0)
            }
            return sent
        }
    }

    /// Commits messages staged in `tmp/`: the decision that they are written. A digest
    /// `covers` the record's changes up to that serial.
    public func commitRecordMessages(
        _ messages: [(message: RecordMessage, fileName: String)], writtenAt: Int, covers: Int = 0
    ) throws {
        guard !messages.isEmpty else { return }
        try write("record the record's messages") { db in
            for (message, fileName) in messages {
                let told: Int? = message.kind == .digest ? covers : nil
                try db.execute(
                    """
                    INSERT INTO recordMessage (id, kind, recipient, item, due, writtenAt, fileName, state, covers)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'committed', ?)
                    """,
                    [message.id, message.kind.rawValue, message.recipient, message.item, message.due, writtenAt, fileName, told])
            }
        }
    }

    public func markRecordMessagesDone(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        try write("mark the record's messages written") { db in
            for id in ids { try db.execute("UPDATE recordMessage SET state = 'done' WHERE id = ?", [id]) }
        }
    }

    /// Messages committed but not marked done: a crash came between.
    public func recordMessagesPending() throws -> [RecordMessageRow] {
        try read("read the record's messages") { db in
            try db.rows(
                "SELECT id, kind, recipient, fileName, writtenAt FROM recordMessage WHERE state = 'committed' ORDER BY id", []
            ) { row in
                RecordMessageRow(
                    id: try row[0], kind: try row[1], recipient: try row[2], fileName: try row[3], writtenAt: try row[4])
            }
        }
    }
}
