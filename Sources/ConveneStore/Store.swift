#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's durable state in one SQLite file: the notification ledger (what each
/// forum was told, and the decision to tell it) and the coordinators' overrides with
/// their audit trail.
///
/// Every write is one transaction named for what it does; the ledger's `commit` is the
/// decision in the spool's exactly-once protocol (see design.md, "Notifications").
public struct Store: Sendable {
    /// For a file, a writer and readers in WAL mode (readers never wait for the writer);
    /// in memory, for tests, one connection.
    private let database: SQLiteDatabase
    /// The copy of the ledger made before this opening changed its schema (or found from
    /// an earlier try at the same change); nil when the schema was already up to date.
    public let migrationBackup: Backup?

    /// Wraps `database`, makes commits durable and brings the schema up to date, first
    /// backing up the file at `ledger` (if given) when that changes an existing schema.
    init(_ database: SQLiteDatabase, ledger: String? = nil) throws {
        self.database = database
        // WAL mode with `synchronous = NORMAL` (what GRDB set before) keeps the file
        // consistent but may lose the last commits on power loss; a lost ledger commit
        // whose message was already renamed into `new/` would be written again on
        // restart. FULL syncs the WAL on every commit, before we rename.
        // secure_delete: an erased reason or address is overwritten in the file, not
        // left in a free page (`forget`).
        try database.writeWithoutTransaction { db in
            try db.execute("PRAGMA synchronous = FULL")
            try db.execute("PRAGMA secure_delete = ON")
        }
        let unknown = try database.read(Self.unknownMigrations)
        guard unknown.isEmpty else { throw StoreError.newerSchema(unknownMigrations: unknown) }
        migrationBackup = try ledger.flatMap { ledger in try Self.backUpBeforeMigrating(database, ledger: ledger) }
        try database.writeWithoutTransaction(Self.migrator.migrate)
    }

    /// Opens the store at `path` (one file in the state directory), creating it and
    /// migrating its schema as needed. WAL mode, so the control socket's reads never
    /// wait for the scheduler's writes.
    public static func open(path: String) throws -> Store {
        // Made here, before SQLite would make it 0644 minus the umask; a ledger made by an
        // earlier version with a wider mode is narrowed before SQLite opens it.
        // Failures are left for SQLite to report when it opens the file.
        try? createFile(path, mode: fileMode)
        _ = chmod(path, fileMode)
        do {
            return try Store(SQLiteDatabase.file(path: path), ledger: path)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: reason(error))
        }
    }

    /// The mode of the database file: the ledger holds coordinators' names and reasons
    /// and forums' answers with parents' reasons, so only the daemon's user reads it,
    /// whatever the umask (a hand-started daemon does not have the unit's UMask=0027), and
    /// not the daemon's group, which reads the spool. SQLite gives the `-wal` and `-shm`
    /// files it makes beside it the same mode.
    static let fileMode: mode_t = 0o600

    /// A fresh store in memory, for tests.
    public static func inMemory() throws -> Store {
        do {
            return try Store(SQLiteDatabase.inMemory())
        } catch {
            throw StoreError.cannotOpen(path: ":memory:", reason: reason(error))
        }
    }
}

// MARK: - Errors

extension Store {
    /// SQLite's own words ("SQLite error 14: unable to open database file"), never the
    /// SQL statement, which would only confuse an admin.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: error.description
        case let error as SQLiteError: error.description
        default: "\(error)"
        }
    }
}

// MARK: - Transactions

extension Store {
    /// Runs `updates` in one transaction; SQLite's errors become `StoreError.failed`
    /// naming `action` ("commit notification reminder-…").
    func write<T>(_ action: @autoclosure () -> String, _ updates: (SQLiteConnection) throws -> T) throws -> T {
        do {
            return try database.write(updates)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.failed(action: action(), reason: Self.reason(error))
        }
    }

    /// Writes the write-ahead log into the ledger and empties it, so erased data is not
    /// left in the log's older frames.
    func checkpoint() throws {
        try database.writeWithoutTransaction { db in try db.checkpointTruncatingLog() }
    }

    /// Runs `value` in a read-only snapshot, with errors as in `write`.
    func read<T>(_ action: @autoclosure () -> String, _ value: (SQLiteConnection) throws -> T) throws -> T {
        do {
            return try database.read(value)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.failed(action: action(), reason: Self.reason(error))
        }
    }
}
