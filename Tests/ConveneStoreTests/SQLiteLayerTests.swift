import ConveneTestSupport
import Foundation
import Synchronization
import Testing

@testable import ConveneStore

/// The store's own layer over libsqlite3: values in and out as they went in, SQLite's
/// errors in its words, snapshots for readers while the writer commits, and migrations
/// applied once each, in order, in their own transactions.
@Suite struct SQLiteLayerTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-sqlite")
    }

    // MARK: - Values

    /// An enumeration stored as its raw value.
    enum Colour: String, SQLiteValueConvertible {
        case red, green
    }

    @Test func everyKindOfValueReadsBackAsItWasBound() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let texts = ["", "plain", "Zoë — café ☕︎ 日本語 🎉", "a\u{0}b", "'quoted' \"and\" ?1"]
        for text in texts {
            try db.execute("DELETE FROM t")
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [Int64.min, 2.5, text, Array(text.utf8), String?.none])
            let row = try #require(
                try db.firstRow("SELECT i, r, s, b, n, typeof(s) AS ts, typeof(b) AS tb FROM t") { row in
                    (
                        try row["i"] as Int64, try row["r"] as Double, try row["s"] as String, try row["b"] as [UInt8],
                        try row["n"] as String?, try row["ts"] as String, try row["tb"] as String
                    )
                })
            #expect(row.0 == Int64.min)
            #expect(row.1 == 2.5)
            #expect(row.2 == text)
            #expect(row.3 == Array(text.utf8))
            #expect(row.4 == nil)
            #expect(row.5 == "text", "an empty string is '', not NULL")
            #expect(row.6 == "blob", "an empty blob is a blob, not NULL")
        }
        #expect(try db.value("SELECT ?", [Int64.max]) == Int64.max)
        #expect(try db.value("SELECT ?", [Int.min]) == Int.min)
        #expect(try db.value("SELECT ?", [true]) == true)
        #expect(try db.value("SELECT ?", [false]) == 0)
        #expect(try db.value("SELECT ?", [-0.125]) == -0.125)
        #expect(try db.value("SELECT ?", [Colour.green]) == "green")
        #expect(try db.value("SELECT 'red'") == Colour.red)
        #expect(try db.value("SELECT ?", [SQLiteValue.null]) as Int? == nil, "NULL reads as nil")
        #expect(try db.value("SELECT 1 WHERE 0") as Int? == nil, "no row reads as nil")
        #expect(try db.value("SELECT 3.0") == 3, "a whole REAL reads as an integer")
        #expect(try db.values("SELECT value FROM json_each('[1,2,3]')") == [1, 2, 3])
    }

    @Test func aValueOfAnotherTypeIsAnErrorNotAGuess() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        let null = try #require(throws: SQLiteError.self) {
            try db.firstRow("SELECT NULL AS x") { row in try row["x"] as String }
        }
        #expect(null.description == "SQLite error 20: column x holds null, not String")
        #expect(throws: SQLiteError.self) { try db.value("SELECT 'text'") as Int? }
        #expect(throws: SQLiteError.self) { try db.value("SELECT 2.5") as Int? }
        #expect(throws: SQLiteError.self) { try db.value("SELECT 'blue'") as Colour? }
        let missing = try #require(throws: SQLiteError.self) { try db.firstRow("SELECT 1 AS x") { row in try row["y"] as Int } }
        #expect(missing.description == "SQLite error 25: no column y in \"SELECT 1 AS x\"")
    }

    // MARK: - Statements and errors

    @Test func errorsAreSQLitesCodeAndWords() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try db.execute("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0), u TEXT UNIQUE)")
        let check = try #require(throws: SQLiteError.self) { try db.execute("INSERT INTO t (x) VALUES (?)", [0]) }
        #expect(check.code == 19)
        #expect(check.extendedCode == 275)  // SQLITE_CONSTRAINT_CHECK
        #expect(check.description == "SQLite error 19: CHECK constraint failed: x > 0")
        try db.execute("INSERT INTO t VALUES (1, 'a')")
        let unique = try #require(throws: SQLiteError.self) { try db.execute("INSERT INTO t VALUES (2, 'a')", []) }
        #expect(unique.description == "SQLite error 19: UNIQUE constraint failed: t.u")
        let syntax = try #require(throws: SQLiteError.self) { try db.execute("SELEC 1") }
        #expect(syntax.description == "SQLite error 1: near \"SELEC\": syntax error")
        let table = try #require(throws: SQLiteError.self) { try db.rows("SELECT * FROM missing") { _ in 0 } }
        #expect(table.description == "SQLite error 1: no such table: missing")
        #expect(throws: SQLiteError.self, "one statement at a time with arguments") {
            try db.execute("INSERT INTO t VALUES (3, 'c'); DELETE FROM t", [])
        }
        #expect(throws: SQLiteError.self, "as many arguments as parameters") { try db.execute("SELECT ?, ?", [1]) }
        #expect(try db.value("SELECT COUNT(*) FROM t") == 1, "nothing written by the failures")
    }

    @Test func aCachedStatementIsPreparedOnceAndRunsWithNewArguments() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)")
        let sql = "INSERT INTO t (x, y) VALUES (?, ?)"
        #expect(try db.cachedStatement(sql) === db.cachedStatement(sql))
        for x in 1...3 { try db.cachedStatement(sql).execute([x, "row \(x)"]) }
        #expect(throws: SQLiteError.self) { try db.cachedStatement(sql).execute([1, "again"]) }
        try db.cachedStatement(sql).execute([4, "after a failure"])
        #expect(try db.values("SELECT y FROM t ORDER BY x") == ["row 1", "row 2", "row 3", "after a failure"])
        #expect(db.lastInsertedRowID == 4)
        try db.execute("UPDATE t SET y = 'x' WHERE x > ?", [2])
        #expect(db.changesCount == 2)
    }

    @Test func aTransactionThatThrowsIsRolledBack() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try db.execute("CREATE TABLE t (x INTEGER)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.transaction(.immediate) {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Stop()
            }
        }
        #expect(db.isAutocommit)
        #expect(try db.value("SELECT COUNT(*) FROM t") == 0)
        try db.transaction(.immediate) { try db.execute("INSERT INTO t VALUES (2)") }
        #expect(try db.values("SELECT x FROM t") == [2])
    }

    @Test func aFileThatIsNotADatabaseFailsOnOpening() throws {
        let file = try directory.write(String(repeating: "not a database ", count: 300), to: "junk.sqlite")
        let error = try #require(throws: SQLiteError.self) { try SQLiteConnection(path: file.path, role: .writer) }
        #expect(error.description == "SQLite error 26: file is not a database")
        let missing = try #require(throws: SQLiteError.self) {
            try SQLiteConnection(path: directory.path + "/missing/x.sqlite", role: .writer)
        }
        #expect(missing.description == "SQLite error 14: unable to open database file")
    }

    // MARK: - Connections

    @Test func aReaderSeesOneSnapshotWhileTheWriterCommits() throws {
        let database = try SQLiteDatabase.file(path: directory.path + "/snapshot.sqlite")
        try database.write { db in
            try db.execute("CREATE TABLE t (x INTEGER)")
            try db.execute("INSERT INTO t VALUES (1)")
        }
        let counts = try database.read { db -> [Int] in
            let before: Int = try db.value("SELECT COUNT(*) FROM t") ?? -1
            // The writer commits while this read is open, on another connection.
            try database.write { db in try db.execute("INSERT INTO t VALUES (2)") }
            let after: Int = try db.value("SELECT COUNT(*) FROM t") ?? -1
            return [before, after]
        }
        #expect(counts == [1, 1], "one snapshot for the whole read")
        #expect(try database.read { db in try db.value("SELECT COUNT(*) FROM t") } == 2)

        // And a read during a write sees what was committed before it, without waiting.
        let seen = try database.write { db -> Int? in
            try db.execute("INSERT INTO t VALUES (3)")
            return try database.read { db in try db.value("SELECT COUNT(*) FROM t") }
        }
        #expect(seen == 2)
    }

    /// Twice as many threads as reader connections, reading while the writer commits two
    /// rows at a time: each read waits its turn, and sees whole commits, never fewer rows
    /// than before.
    @Test func moreReadsThanReadersTakeTurnsAndSeeWholeCommits() throws {
        let database = try SQLiteDatabase.file(path: directory.path + "/busy.sqlite")
        try database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
        let problems = Mutex<[String]>([])
        let threads = DispatchGroup()
        func onThread(_ body: @escaping @Sendable () -> Void) {
            threads.enter()
            Thread {
                body()
                threads.leave()
            }.start()
        }
        onThread {
            for x in 0..<100 {
                do {
                    try database.write { db in try db.execute("INSERT INTO t VALUES (?), (?)", [x, x]) }
                } catch {
                    problems.withLock { $0.append("writer: \(error)") }
                }
            }
        }
        for reader in 0..<(2 * SQLiteDatabase.maximumReaders) {
            onThread {
                var last = 0
                for _ in 0..<100 {
                    do {
                        let count: Int = try database.read { db in try db.value("SELECT COUNT(*) FROM t") } ?? -1
                        if count % 2 != 0 || count < last {
                            problems.withLock { $0.append("reader \(reader): \(count) after \(last)") }
                        }
                        last = count
                    } catch {
                        problems.withLock { $0.append("reader \(reader): \(error)") }
                    }
                }
            }
        }
        threads.wait()
        #expect(problems.withLock { $0 } == [])
        #expect(try database.read { db in try db.value("SELECT COUNT(*) FROM t") } == 200)
    }

    @Test func readersOnlyReadAndTheFileIsInWALMode() throws {
        let database = try SQLiteDatabase.file(path: directory.path + "/modes.sqlite")
        try database.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
        let error = try #require(throws: SQLiteError.self) {
            try database.read { db in try db.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(error.description == "SQLite error 8: attempt to write a readonly database")
        #expect(try database.read { db in try db.value("PRAGMA journal_mode") } == "wal")
        #expect(try database.read { db in try db.value("PRAGMA foreign_keys") } == true)
        #expect(try database.write { db in try db.value("PRAGMA foreign_keys") } == true)
        #expect(try database.read { db in try db.value("PRAGMA busy_timeout") } == 5000)
    }

    @Test func inMemoryReadsAndWritesShareTheOneConnection() throws {
        let database = try SQLiteDatabase.inMemory()
        try database.write { db in try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)") }
        #expect(try database.read { db in try db.value("SELECT x FROM t") } == 1)
        #expect(try database.read { db in try db.value("PRAGMA journal_mode") } == "memory")
    }

    @Test func doubleQuotesAreIdentifiersOnly() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try db.execute(#"CREATE TABLE t ("end" INTEGER)"#)
        #expect(throws: SQLiteError.self) { try db.execute(#"SELECT * FROM t WHERE "end" = "nothing""#) }
    }

    // MARK: - Migrations

    static func migrator(failingAt failing: String? = nil) -> SQLiteMigrator {
        var migrator = SQLiteMigrator()
        migrator.registerMigration("a") { db in try db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)") }
        migrator.registerMigration("b") { db in
            try db.execute("CREATE TABLE child (parent INTEGER REFERENCES parent(id))")
            if failing == "b" { try db.execute("INSERT INTO child VALUES (42)") }
        }
        migrator.registerMigration("c") { db in
            try db.execute("CREATE TABLE later (x INTEGER)")
            if failing == "c" { try db.execute("SELECT * FROM missing") }
        }
        return migrator
    }

    @Test func migrationsRunOnceEachInOrderAndAreRecordedInGRDBsTable() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try Self.migrator().migrate(db)
        try Self.migrator().migrate(db)
        #expect(try Self.migrator().appliedIdentifiers(db) == ["a", "b", "c"])
        #expect(
            try db.value("SELECT sql FROM sqlite_master WHERE name = 'grdb_migrations'")
                == "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        #expect(try db.value("PRAGMA foreign_keys") == true)
    }

    @Test func aFailedMigrationLeavesNoneOfThosePendingApplied() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        let error = try #require(throws: SQLiteError.self) { try Self.migrator(failingAt: "c").migrate(db) }
        #expect(error.description == "SQLite error 1: no such table: missing")
        #expect(try Self.migrator().appliedIdentifiers(db) == [])
        #expect(try !db.tableExists("parent") && !db.tableExists("later"))
        #expect(try db.value("PRAGMA foreign_keys") == true, "foreign keys back on")
        try Self.migrator().migrate(db)
        #expect(try Self.migrator().appliedIdentifiers(db) == ["a", "b", "c"])
    }

    @Test func onlyTheMigrationsPendingRunAndAFailureKeepsThoseBefore() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        var first = SQLiteMigrator()
        first.registerMigration("a") { db in try db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)") }
        try first.migrate(db)
        try db.execute("INSERT INTO parent VALUES (1)")
        let error = try #require(throws: SQLiteError.self) { try Self.migrator(failingAt: "c").migrate(db) }
        #expect(error.description == "SQLite error 1: no such table: missing")
        #expect(try Self.migrator().appliedIdentifiers(db) == ["a"])
        #expect(try db.value("SELECT count(*) FROM parent") == 1, "migration a is not run again")
        #expect(try !db.tableExists("child"))
    }

    @Test func aMigrationThatBreaksAForeignKeyIsRolledBack() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        let error = try #require(throws: SQLiteError.self) { try Self.migrator(failingAt: "b").migrate(db) }
        #expect(error.extendedCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(error.description == "SQLite error 19: FOREIGN KEY constraint failed: child row 1 refers to a missing parent row")
        #expect(try Self.migrator().appliedIdentifiers(db) == [])
        #expect(try !db.tableExists("child"))
    }

    @Test func identifiersTheMigratorDoesNotKnowAreReportedNotRun() throws {
        let db = try SQLiteConnection(path: ":memory:", role: .writer)
        try Self.migrator().migrate(db)
        try db.execute("INSERT INTO grdb_migrations VALUES ('z-newer')")
        #expect(try Self.migrator().appliedIdentifiers(db) == ["a", "b", "c", "z-newer"])
        #expect(Self.migrator().identifiers == ["a", "b", "c"])
    }
}
