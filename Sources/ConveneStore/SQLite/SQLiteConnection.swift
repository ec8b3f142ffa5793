import CSQLite

/// One connection to an SQLite database, set up as the ledger has always had it: foreign
/// keys enforced, a busy timeout, extended result codes, double quotes for identifiers
/// only. Not thread-safe (opened `SQLITE_OPEN_NOMUTEX`): `SQLiteDatabase` hands each
/// connection to one thread at a time.
final class SQLiteConnection {
    /// What a connection is for, which decides how it is opened.
    enum Role {
        /// Reads and writes; creates the file if it is missing.
        case writer
        /// Only reads (`PRAGMA query_only`), from a file the writer has opened.
        case reader
    }

    /// How a transaction takes its locks.
    enum TransactionKind: String {
        /// The read lock at its first read: a snapshot from then on.
        case deferred = "DEFERRED"
        /// The write lock at once, so a write never fails half-way for a lock it cannot upgrade.
        case immediate = "IMMEDIATE"
    }

    /// How long a statement waits for a lock another process holds (an admin's `sqlite3`,
    /// a backup) before it fails with `SQLITE_BUSY`.
    static let busyTimeoutMilliseconds: Int32 = 5000

    private let handle: OpaquePointer
    /// Statements kept prepared for `cachedStatement(_:)`, by their SQL.
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` (`":memory:"` for a private database in memory) and sets the
    /// connection up; fails if the file is not an SQLite database.
    init(path: String, role: Role) throws {
        let access = role == .writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, access | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(code: code, connection: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        try setUp(role)
    }

    deinit {
        // Finalized first, so that the connection closes now rather than as a zombie.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    private func setUp(_ role: Role) throws {
        try check(sqlite3_extended_result_codes(handle, 1))
        try check(sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds))
        try check(csqlite_disable_double_quoted_strings(handle))
        try execute("PRAGMA foreign_keys = ON")
        if role == .reader { try execute("PRAGMA query_only = ON") }
        // SQLite reads the file only when it must: a file that is not a database fails
        // here (SQLITE_NOTADB), not at the first write.
        _ = try prepare("SELECT * FROM sqlite_master LIMIT 1").step()
    }

    // MARK: - Statements

    /// Runs `sql`, which may hold several statements separated by semicolons, with no
    /// arguments (a migration, a `PRAGMA`, `BEGIN`).
    func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Runs the one statement `sql` with `arguments` bound to its parameters.
    func execute(_ sql: String, _ arguments: [any SQLiteValueConvertible]) throws {
        try prepare(sql).execute(arguments)
    }

    /// Prepares the one statement in `sql`, to be finalized when it is no longer used.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(sql: sql, connection: handle)
    }

    /// The statement for `sql`, prepared the first time and kept with the connection:
    /// for statements run again and again (the ledger's commit), not for SQL made to
    /// measure (a list of `?` as long as the values).
    func cachedStatement(_ sql: String) throws -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }

    /// Every row of `sql` with `arguments`, each read with `decode`.
    func rows<T>(
        _ sql: String, _ arguments: [any SQLiteValueConvertible] = [], _ decode: (SQLiteRow) throws -> T
    ) throws -> [T] {
        try prepare(sql).rows(arguments, decode)
    }

    /// The first row of `sql` with `arguments`, read with `decode`; nil if there is none.
    func firstRow<T>(
        _ sql: String, _ arguments: [any SQLiteValueConvertible] = [], _ decode: (SQLiteRow) throws -> T
    ) throws -> T? {
        try prepare(sql).firstRow(arguments, decode)
    }

    /// The first column of every row.
    func values<Value: SQLiteValueConvertible>(
        _ sql: String, _ arguments: [any SQLiteValueConvertible] = []
    ) throws -> [Value] {
        try rows(sql, arguments) { row in try row[0] }
    }

    /// The first column of the first row: nil if there is no row, or if it is NULL.
    func value<Value: SQLiteValueConvertible>(
        _ sql: String, _ arguments: [any SQLiteValueConvertible] = []
    ) throws -> Value? {
        try firstRow(sql, arguments) { row -> Value? in try row[0] } ?? nil
    }

    /// The row id of the last row inserted by this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last `INSERT`, `UPDATE` or `DELETE` changed.
    var changesCount: Int { Int(sqlite3_changes(handle)) }

    // MARK: - Transactions

    /// Runs `body` in a transaction, committed if it returns and rolled back if it throws
    /// (the first error is the one thrown).
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let value = try body()
            try execute("COMMIT TRANSACTION")
            return value
        } catch {
            // SQLite may have rolled back already (a full disk, an interrupted statement).
            if !isAutocommit { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }

    /// Whether no transaction is open.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Copies the write-ahead log into the database and truncates it to nothing, waiting
    /// up to the busy timeout for readers; fails with `SQLITE_BUSY` if they stay.
    func checkpointTruncatingLog() throws {
        try check(sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nil, nil))
    }

    // MARK: - Backup

    /// Copies the whole database into a new file at `destination` with SQLite's online
    /// backup, in one step: a read transaction, so the copy is one consistent state of
    /// the ledger and a writer in another process (the daemon, in WAL mode) is never held
    /// up. The copy is made a rollback-journal database (one file, nothing beside it)
    /// and checked before it is closed. `destination` must not exist.
    func backUp(to destination: String) throws {
        var target: OpaquePointer?
        var code = sqlite3_open_v2(
            destination, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        defer { sqlite3_close_v2(target) }
        guard code == SQLITE_OK, let target else { throw SQLiteError(code: code, connection: target) }
        guard let backup = sqlite3_backup_init(target, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(target), connection: target)
        }
        // -1: every page at once. A lock another connection holds on the source is waited
        // out (the busy timeout covers only statements, not backup steps).
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finished == SQLITE_OK else {
            throw SQLiteError(code: code == SQLITE_DONE ? finished : code, connection: target)
        }
        guard sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nil, nil, nil) == SQLITE_OK else {
            throw SQLiteError(code: sqlite3_errcode(target), connection: target)
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(target, "PRAGMA quick_check", -1, &statement, nil) == SQLITE_OK,
            sqlite3_step(statement) == SQLITE_ROW
        else { throw SQLiteError(code: sqlite3_errcode(target), connection: target) }
        let verdict = sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? ""
        guard verdict == "ok" else {
            throw SQLiteError(extendedCode: SQLITE_CORRUPT, message: "the copy failed SQLite's check: \(verdict)")
        }
    }

    // MARK: - Schema

    /// Whether the main database has a table named `name`.
    func tableExists(_ name: String) throws -> Bool {
        try value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) as Bool? ?? false
    }

    /// Throws the connection's error unless `code` is `SQLITE_OK`.
    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle) }
    }
}
