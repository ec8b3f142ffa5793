import ConveneTestSupport
import Foundation
import GRDB
import Testing

@testable import ConveneStore

/// The file itself: schema, migrations, journal mode and durability, and what
/// opening says when it cannot.
@Suite struct StoreSchemaTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-store")
    }

    @Test func migrationsCreateTheTablesIndexesAndColumns() throws {
        let store = try Store.open(path: directory.storePath)
        try store.reader.read { db in
            #expect(try db.tableExists("notification"))
            #expect(try db.tableExists("override"))
            #expect(
                try db.columns(in: "notification").map(\.name) == [
                    "id", "forum", "occurrence", "kind", "sequence", "lead", "due", "state", "writtenAt", "fileName",
                    "series", "title", "start", "end", "venue", "online",
                ])
            #expect(
                try db.columns(in: "override").map(\.name) == [
                    "id", "uid", "action", "moveStart", "moveVenue", "reason", "madeBy", "madeAt",
                ])
            #expect(try db.primaryKey("notification").columns == ["id"])
            let indexes = try db.indexes(on: "notification").map { "\($0.name)(\($0.columns.joined(separator: ",")))" }
            #expect(
                Set(indexes).isSuperset(of: [
                    "notification_on_occurrence_forum(occurrence,forum)",
                    "notification_on_forum_writtenAt(forum,writtenAt)",
                    "notification_on_start(start,occurrence)",
                ]))
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'override'") ?? ""
            #expect(sql.contains("AUTOINCREMENT"))
        }
    }

    @Test func reopeningRunsNoMigrationTwice() throws {
        for _ in 0..<3 {
            let store = try Store.open(path: directory.storePath)
            try store.record(.init(uid: "a@example.org", action: .cancel, reason: "Snow"), by: "jo", at: 1)
        }
        let store = try Store.open(path: directory.storePath)
        let applied = try store.reader.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["v1", "v2", "v3", "v4", "v5-attendance", "v6-forwarding", "v7-handoff", "v8-sender"])
        #expect(try store.overrides().count == 3)
    }

    /// A round reads the history it needs through the indexes, never by reading every
    /// row the ledger has gathered over the years.
    @Test func thePlannersHistoryIsFoundThroughIndexesNotAScanOfTheLedger() throws {
        let store = try Store.open(path: directory.storePath)
        let steps = try store.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Store.neededHistorySQL, arguments: ["[]", 0, 1])
                .map { $0["detail"] as String }
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
                try db.execute(sql: "DROP INDEX notification_on_start")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2'")
            }
        }
        let store = try Store.open(path: directory.storePath)
        let (applied, indexes) = try store.reader.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                try db.indexes(on: "notification").map(\.name)
            )
        }
        #expect(applied == ["v1", "v2", "v3", "v4", "v5-attendance", "v6-forwarding", "v7-handoff", "v8-sender"])
        #expect(indexes.contains("notification_on_start"))
        #expect(try store.history().map(\.id) == [LedgerFixtures.notification(.invitation).id])
    }

    @Test func aFileFromANewerVersionIsNotTouched() throws {
        do {
            let store = try Store.open(path: directory.storePath)
            try store.write("pretend to be newer") { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
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
        #expect(try store.reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // 2 is FULL; the writer's connection is the one whose commits must reach the disk.
        let synchronous = try store.write("read synchronous") { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)
        #expect(try store.reader.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") } == true)
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
            #expect(throws: StoreError.self, "\(sql)") {
                try store.write("insert a bad row") { db in try db.execute(sql: sql) }
            }
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
}
