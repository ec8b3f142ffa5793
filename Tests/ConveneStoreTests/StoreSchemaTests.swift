import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneStore

/// The file itself: schema, migrations, journal mode and durability, and what
/// opening says when it cannot.
@Suite struct StoreSchemaTests {
    /// Every migration, in the order they run.
    static let migrations = [
        "v1", "v2", "v3", "v4", "v5-attendance", "v6-forwarding", "v7-handoff", "v8-sender", "v9-answers-by-forum",
        "v10-items", "v11-mail-handoff",
    ]

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-store")
    }

    @Test func migrationsCreateTheTablesIndexesAndColumns() throws {
        let store = try Store.open(path: directory.storePath)
        try store.read("read the schema") { db in
            #expect(try db.tableExists("notification"))
            #expect(try db.tableExists("override"))
            #expect(
                try Self.columns(of: "notification", db) == [
                    "id", "forum", "occurrence", "kind", "sequence", "lead", "due", "state", "writtenAt", "fileName",
                    "series", "title", "start", "end", "venue", "online",
                ])
            #expect(
                try Self.columns(of: "override", db) == [
                    "id", "uid", "action", "moveStart", "moveVenue", "reason", "madeBy", "madeAt",
                ])
            #expect(try db.values("SELECT name FROM pragma_table_info('notification') WHERE pk > 0") == ["id"])
            #expect(
                Set(try Self.indexes(on: "notification", db)).isSuperset(of: [
                    "notification_on_occurrence_forum(occurrence,forum)",
                    "notification_on_forum_writtenAt(forum,writtenAt)",
                    "notification_on_start(start,occurrence)",
                ]))
            let sql: String? = try db.value("SELECT sql FROM sqlite_master WHERE name = 'override'")
            #expect(sql?.contains("AUTOINCREMENT") == true)
        }
    }

    @Test func reopeningRunsNoMigrationTwice() throws {
        for _ in 0..<3 {
            let store = try Store.open(path: directory.storePath)
            try store.record(.init(uid: "a@example.org", action: .cancel, reason: "Snow"), by: "jo", at: 1)
        }
        let store = try Store.open(path: directory.storePath)
        let applied: [String] = try store.read("read the migrations") { db in
            try db.values("SELECT identifier FROM grdb_migrations")
        }
        #expect(applied == StoreSchemaTests.migrations)
        #expect(try store.overrides().count == 3)
    }

    /// A round reads the history it needs through the indexes, never by reading every
    /// row the ledger has gathered over the years.
    @Test func thePlannersHistoryIsFoundThroughIndexesNotAScanOfTheLedger() throws {
        let store = try Store.open(path: directory.storePath)
        let steps = try store.read("explain the query") { db in
            try db.rows("EXPLAIN QUERY PLAN " + Store.neededHistorySQL, ["[]", 0, 1]) { row -> String in try row["detail"] }
        }
        #expect(!steps.contains { $0.hasPrefix("SCAN notification") }, "\(steps)")
        #expect(steps.contains { $0.contains("notification_on_occurrence_forum (occurrence=?)") }, "\(steps)")
        #expect(steps.contains { $0.contains("COVERING INDEX notification_on_start (start>? AND start<?)") }, "\(steps)")
    }

    @Test func aFileFromTheFirstVersionIsUpgradedWithItsRowsKept() throws {
        do {
            let store = try Store.open(path: directory.storePath)
            let notification = LedgerFixtures.notification(.invitation)
            try store.commit(notification, fileName: "a.eml", writtenAt: 1)
            // As the first version left it: no start index, and only v1 recorded.
            try store.write("go back to v1") { db in
                try db.execute("DROP INDEX notification_on_start")
                try db.execute("DELETE FROM grdb_migrations WHERE identifier = 'v2'")
            }
        }
        let store = try Store.open(path: directory.storePath)
        let (applied, indexes) = try store.read("read the migrations") { db in
            (
                try db.values("SELECT identifier FROM grdb_migrations ORDER BY identifier") as [String],
                try Self.indexes(on: "notification", db)
            )
        }
        #expect(applied == StoreSchemaTests.migrations.sorted(), "ordered by identifier")
        #expect(indexes.contains("notification_on_start(start,occurrence)"))
        #expect(try store.history().map(\.id) == [LedgerFixtures.notification(.invitation).id])
    }

    @Test func aFileFromANewerVersionIsNotTouched() throws {
        do {
            let store = try Store.open(path: directory.storePath)
            try store.write("pretend to be newer") { db in
                try db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
            }
        }
        let error = try #require(throws: StoreError.self) { try Store.open(path: directory.storePath) }
        #expect(
            error
                == .cannotOpen(
                    path: directory.storePath,
                    reason: "it was written by a newer version of Convene (migrations unknown here: v99)"))
    }

    @Test func theFileIsInWALModeWithFullSynchronousCommits() throws {
        let store = try Store.open(path: directory.storePath)
        #expect(try store.read("read the journal mode") { db in try db.value("PRAGMA journal_mode") } == "wal")
        // 2 is FULL; the writer's connection is the one whose commits must reach the disk.
        let synchronous: Int? = try store.write("read synchronous") { db in try db.value("PRAGMA synchronous") }
        #expect(synchronous == 2)
        let secureDelete: Bool? = try store.write("read secure_delete") { db in try db.value("PRAGMA secure_delete") }
        #expect(secureDelete == true)
        #expect(try store.read("read foreign_keys") { db in try db.value("PRAGMA foreign_keys") } == true)
        #expect(try store.read("read busy_timeout") { db in try db.value("PRAGMA busy_timeout") } == 5000)
    }

    @Test func theTablesRefuseRowsThatBreakTheirRules() throws {
        let store = try Store.inMemory()
        let bad = [
            // An unknown state.
            """
            INSERT INTO notification (id, forum, occurrence, kind, sequence, due, state, writtenAt, fileName,
                                      series, title, start, "end")
            VALUES ('x', 'f', 'o', 'invitation', 0, 0, 'sent', 1, 'x.eml', 's', 't', 0, 1)
            """,
            // Committed without its file.
            """
            INSERT INTO notification (id, forum, occurrence, kind, sequence, due, state, series, title, start, "end")
            VALUES ('x', 'f', 'o', 'invitation', 0, 0, 'committed', 's', 't', 0, 1)
            """,
            // A move without a start, and a cancel with a venue.
            """
            INSERT INTO "override" (uid, "action", reason, madeBy, madeAt) VALUES ('u', 'move', 'r', 'jo', 0)
            """,
            """
            INSERT INTO "override" (uid, "action", moveVenue, reason, madeBy, madeAt)
            VALUES ('u', 'cancel', 'county-hall', 'r', 'jo', 0)
            """,
        ]
        for sql in bad {
            let error = try #require(throws: StoreError.self, "\(sql)") {
                try store.write("insert a bad row") { db in try db.execute(sql) }
            }
            // SQLite's primary code and its words, never the statement.
            #expect(error.description.hasPrefix("could not insert a bad row: SQLite error 19: CHECK constraint failed: "))
        }
    }

    @Test func openingAPathInAMissingFolderNamesThePath() throws {
        let path = directory.url.appendingPathComponent("missing/convene.sqlite").path
        let error = try #require(throws: StoreError.self) { try Store.open(path: path) }
        guard case let .cannotOpen(failedPath, reason) = error else {
            Issue.record("expected cannotOpen, got \(error)")
            return
        }
        #expect(failedPath == path)
        #expect(reason.contains("SQLite error 14"))
        #expect(error.description.hasPrefix("cannot open the store at \(path): "))
    }

    @Test func openingAFileThatIsNotADatabaseNamesThePath() throws {
        let file = try directory.write(
            "forum = \"not a database\"\n" + String(repeating: "x", count: 4096),
            to: "convene.sqlite")
        let error = try #require(throws: StoreError.self) { try Store.open(path: file.path) }
        #expect(error.description.hasPrefix("cannot open the store at \(file.path): SQLite error 26"))
    }

    @Test func theFileAndItsLogAreOnlyForTheDaemonsUser() throws {
        // As an earlier version might have left it, readable by everyone.
        #expect(
            FileManager.default.createFile(atPath: directory.storePath, contents: nil, attributes: [.posixPermissions: 0o644]))
        let store = try Store.open(path: directory.storePath)
        try store.record(.init(uid: "a@example.org", action: .cancel, reason: "Snow"), by: "jo", at: 1)
        _ = try store.overrides()
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.storePath + suffix)
            #expect(attributes[.posixPermissions] as? Int == 0o600, "convene.sqlite\(suffix)")
        }
    }

    /// The columns of `table`, in order.
    static func columns(of table: String, _ db: SQLiteConnection) throws -> [String] {
        try db.values("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table])
    }

    /// The indexes on `table`, each as `name(column,column)`.
    static func indexes(on table: String, _ db: SQLiteConnection) throws -> [String] {
        try db.rows(
            """
            SELECT name, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(list.name) ORDER BY seqno))
            FROM pragma_index_list(?) AS list ORDER BY name
            """, [table]
        ) { row in "\(try row[0] as String)(\(try row[1] as String))" }
    }
}
