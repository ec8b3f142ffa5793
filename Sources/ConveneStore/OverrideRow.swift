import ConveneCore

/// One row of the `override` table: a coordinator's override, flattened to columns
/// that read well in `sqlite3` (the move's start as an ISO 8601 local date-time).
struct OverrideRow: Hashable {
    /// Nil until inserted; then the order in which overrides apply.
    var id: Int64?
    var uid: String
    /// `cancel`, `move` or `restore`.
    var action: String
    var moveStart: String?
    var moveVenue: String?
    var reason: String
    var madeBy: String
    var madeAt: Int
}

extension OverrideRow {
    init(_ override: Override, madeBy: String, madeAt: Int) {
        let columns: (action: String, start: String?, venue: String?)
        switch override.action {
        case .cancel: columns = ("cancel", nil, nil)
        case let .move(to, venue): columns = ("move", to.description, venue)
        case .restore: columns = ("restore", nil, nil)
        }
        self.init(
            id: nil, uid: override.uid, action: columns.action, moveStart: columns.start,
            moveVenue: columns.venue, reason: override.reason, madeBy: madeBy, madeAt: madeAt)
    }

    func entry() throws -> OverrideEntry {
        let rowID = id ?? 0
        let decoded: Override.Action
        switch action {
        case "cancel":
            decoded = .cancel
        case "restore":
            decoded = .restore
        case "move":
            guard let text = moveStart, let start = LocalDateTime(text) else {
                throw StoreError.unreadable(
                    table: Self.databaseTableName, id: String(rowID), column: "moveStart",
                    value: moveStart ?? "NULL")
            }
            decoded = .move(to: start, venue: moveVenue)
        default:
            throw StoreError.unreadable(table: Self.databaseTableName, id: String(rowID), column: "action", value: action)
        }
        return OverrideEntry(
            id: rowID, override: Override(uid: uid, action: decoded, reason: reason),
            madeBy: madeBy, madeAt: madeAt)
    }
}

// MARK: - Persistence

extension OverrideRow {
    static let databaseTableName = "override"

    /// Inserts a row (its id chosen by SQLite), with `arguments` in this order.
    static let insertSQL = """
        INSERT INTO override (uid, "action", moveStart, moveVenue, reason, madeBy, madeAt) VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    /// The values for `insertSQL`.
    var arguments: [any SQLiteValueConvertible] { [uid, action, moveStart, moveVenue, reason, madeBy, madeAt] }

    /// A row as `SELECT *` reads it.
    init(_ row: SQLiteRow) throws {
        self.init(
            id: try row["id"], uid: try row["uid"], action: try row["action"], moveStart: try row["moveStart"],
            moveVenue: try row["moveVenue"], reason: try row["reason"], madeBy: try row["madeBy"],
            madeAt: try row["madeAt"])
    }
}
