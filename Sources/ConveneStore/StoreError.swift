/// What can go wrong with the store, in words an admin or a coordinator can act on.
public enum StoreError: Error, Hashable, Sendable {
    /// The database file could not be opened, created or migrated.
    case cannotOpen(path: String, reason: String)
    /// The file was migrated by a newer Convene; writing to it with this one could break
    /// rules that only the newer version knows.
    case newerSchema(unknownMigrations: [String])
    /// A notification can be decided on once: a second commit would mean a second message.
    case alreadyCommitted(id: String)
    /// The notification was recorded as overtaken, so it must not be sent now.
    case alreadySuperseded(id: String)
    /// `markDone` for a notification that was never committed.
    case notCommitted(id: String)
    /// A stored value that this version cannot read back (a damaged or foreign file).
    case unreadable(table: String, id: String, column: String, value: String)
    /// SQLite refused an operation (disk full, I/O error, file locked by another program).
    case failed(action: String, reason: String)
    /// A backup of the ledger could not be made (nothing is left at `destination`).
    case backupFailed(destination: String, reason: String)
}

extension StoreError: CustomStringConvertible {
    /// One sentence, naming the notification, file or operation concerned.
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "cannot open the store at \(path): \(reason)"
        case let .newerSchema(unknown):
            "it was written by a newer version of Convene (migrations unknown here: "
                + unknown.joined(separator: ", ") + ")"
        case let .alreadyCommitted(id):
            "notification \(id) was already committed"
        case let .alreadySuperseded(id):
            "notification \(id) was recorded as superseded and cannot be committed"
        case let .notCommitted(id):
            "notification \(id) was never committed, so it cannot be marked done"
        case let .unreadable(table, id, column, value):
            "the \(table) row \(id) has an unreadable \(column): \"\(value)\""
        case let .failed(action, reason):
            "could not \(action): \(reason)"
        case let .backupFailed(destination, reason):
            "could not back up the ledger to \(destination): \(reason)"
        }
    }
}
