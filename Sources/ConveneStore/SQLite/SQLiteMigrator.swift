import CSQLite

/// A schema built one named migration at a time, each applied once and in the order
/// registered, as GRDB's `DatabaseMigrator` did: the identifiers applied are rows of its
/// table `grdb_migrations`, so a file it migrated and a file migrated here are the same.
struct SQLiteMigrator {
    /// One step of the schema.
    struct Migration {
        let identifier: String
        let migrate: (SQLiteConnection) throws -> Void
    }

    /// The table of applied identifiers, in GRDB's name and shape.
    static let appliedTable = "grdb_migrations"

    private(set) var migrations: [Migration] = []

    /// The identifiers registered, in order.
    var identifiers: [String] { migrations.map(\.identifier) }

    /// Adds a migration after those registered before it.
    mutating func registerMigration(_ identifier: String, migrate: @escaping (SQLiteConnection) throws -> Void) {
        precondition(!identifiers.contains(identifier), "migration \(identifier) registered twice")
        migrations.append(Migration(identifier: identifier, migrate: migrate))
    }

    /// Every identifier the database records as applied, known here or not, in order of
    /// name; none if it was never migrated.
    func appliedIdentifiers(_ db: SQLiteConnection) throws -> [String] {
        guard try db.tableExists(Self.appliedTable) else { return [] }
        return try db.values("SELECT identifier FROM \(Self.appliedTable) ORDER BY identifier")
    }

    /// Applies, in order, every migration the database does not record, together with
    /// their rows, in one immediate transaction: all of them or none, and one sync of the
    /// log for a new ledger's whole schema rather than one per migration. Called on the
    /// writer, outside a transaction.
    func migrate(_ db: SQLiteConnection) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS \(Self.appliedTable) (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = Set(try appliedIdentifiers(db))
        let pending = migrations.filter { !applied.contains($0.identifier) }
        guard !pending.isEmpty else { return }
        try run(pending, db)
    }

    /// SQLite's recipe for changing a schema (lang_altertable.html, "other alterations"):
    /// foreign keys off while the tables change, checked as a whole before the commit.
    private func run(_ pending: [Migration], _ db: SQLiteConnection) throws {
        try db.execute("PRAGMA foreign_keys = OFF")
        do {
            try db.transaction(.immediate) {
                for migration in pending {
                    try migration.migrate(db)
                    try db.execute("INSERT INTO \(Self.appliedTable) (identifier) VALUES (?)", [migration.identifier])
                }
                try Self.checkForeignKeys(db)
            }
        } catch {
            try? db.execute("PRAGMA foreign_keys = ON")
            throw error
        }
        try db.execute("PRAGMA foreign_keys = ON")
    }

    /// Throws for the first row that refers to a row missing from its parent table.
    private static func checkForeignKeys(_ db: SQLiteConnection) throws {
        let violation = try db.firstRow("PRAGMA foreign_key_check") { row -> (String, Int64?, String) in
            (try row["table"], try row["rowid"], try row["parent"])
        }
        if let (table, rowID, parent) = violation {
            throw SQLiteError(
                // SQLITE_CONSTRAINT_FOREIGNKEY, a macro Swift does not import.
                extendedCode: SQLITE_CONSTRAINT | 3 << 8,
                message: "FOREIGN KEY constraint failed: \(table) row \(rowID.map(String.init) ?? "without a rowid") "
                    + "refers to a missing \(parent) row")
        }
    }
}
