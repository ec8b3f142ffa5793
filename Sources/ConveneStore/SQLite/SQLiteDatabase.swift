import CSQLite
import Synchronization

/// The connections to one database, shared by every thread and task that uses it.
///
/// A file has one writer, which runs one transaction at a time, and up to
/// `maximumReaders` readers, opened as they are needed. In WAL mode a reader never waits
/// for the writer, and each read is one transaction: it sees the database as one commit
/// left it, however many commit meanwhile. In memory the writer is the only connection
/// (another would open another database), so reads take their turn with writes.
final class SQLiteDatabase: Sendable {
    /// Enough for the control socket's reads beside the scheduler's and the inbox's.
    static let maximumReaders = 4

    private let writer: LentConnection
    /// Empty in memory.
    private let readers: [LentConnection]
    /// Which reader the next read waits for when every reader is busy.
    private let nextReader = Atomic<Int>(0)

    private init(writer: LentConnection, readers: [LentConnection]) {
        self.writer = writer
        self.readers = readers
    }

    /// Opens (or creates) the database at `path` in WAL mode.
    static func file(path: String) throws -> SQLiteDatabase {
        let writer = try SQLiteConnection(path: path, role: .writer)
        let journalMode: String? = try writer.value("PRAGMA journal_mode = WAL")
        guard journalMode == "wal" else {
            throw SQLiteError(extendedCode: SQLITE_ERROR, message: "could not activate WAL Mode at path: \(path)")
        }
        return SQLiteDatabase(
            writer: LentConnection(writer),
            readers: (0..<maximumReaders).map { _ in LentConnection(path: path, role: .reader) })
    }

    /// A new, empty database in memory, gone with this value.
    static func inMemory() throws -> SQLiteDatabase {
        SQLiteDatabase(writer: LentConnection(try SQLiteConnection(path: ":memory:", role: .writer)), readers: [])
    }

    // MARK: - Access

    /// Runs `updates` in one immediate transaction on the writer, after any write before
    /// it has finished; rolled back if it throws.
    func write<T>(_ updates: (SQLiteConnection) throws -> T) throws -> T {
        try writer.waiting { connection in
            try connection.transaction(.immediate) { try updates(connection) }
        }
    }

    /// Runs `updates` on the writer outside a transaction: for what cannot run in one
    /// (`PRAGMA synchronous`, a checkpoint, the migrator's own transactions).
    func writeWithoutTransaction<T>(_ updates: (SQLiteConnection) throws -> T) throws -> T {
        try writer.waiting(updates)
    }

    /// Runs `value` in one read transaction, a snapshot: on a reader that is free (opened
    /// if need be), or on the next one in turn when all are busy.
    func read<T>(_ value: (SQLiteConnection) throws -> T) throws -> T {
        func snapshot(_ connection: SQLiteConnection) throws -> T {
            try connection.transaction(.deferred) { try value(connection) }
        }
        guard !readers.isEmpty else { return try writer.waiting(snapshot) }
        for reader in readers {
            if let result = try reader.ifFree(snapshot) { return result }
        }
        let turn = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        return try readers[turn % readers.count].waiting(snapshot)
    }
}

/// A connection behind a lock, lent to one closure at a time; a reader is opened the
/// first time it is needed, and every connection is closed when the database goes.
private final class LentConnection: Sendable {
    /// Held while the connection is lent, and while it is opened.
    private let lock = Mutex(())
    /// Only read or written under `lock`, which the compiler cannot check, hence
    /// `nonisolated(unsafe)`: SQLite's connections may move between threads, but are
    /// used by one at a time (`SQLITE_OPEN_NOMUTEX`).
    nonisolated(unsafe) private var connection: SQLiteConnection?
    /// Where a connection not yet open is opened, and how.
    private let path: String
    private let role: SQLiteConnection.Role

    /// A connection already open (the writer).
    init(_ connection: consuming sending SQLiteConnection) {
        self.connection = connection
        self.path = ""
        self.role = .writer
    }

    /// A connection to open at its first use.
    init(path: String, role: SQLiteConnection.Role) {
        self.connection = nil
        self.path = path
        self.role = role
    }

    /// Runs `body` once the thread using the connection (if any) is done with it.
    func waiting<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        var result: T?
        try lock.withLock { _ in result = try body(opened()) }
        // Set, as the lock's body returned.
        return result!
    }

    /// Runs `body` unless another thread is using the connection: nil if one is.
    func ifFree<T>(_ body: (SQLiteConnection) throws -> T) throws -> T? {
        var result: T?
        try lock.withLockIfAvailable { _ in result = try body(opened()) }
        return result
    }

    /// The connection, opened if need be; called with `lock` held.
    private func opened() throws -> SQLiteConnection {
        if let connection { return connection }
        let opened = try SQLiteConnection(path: path, role: role)
        connection = opened
        return opened
    }
}
