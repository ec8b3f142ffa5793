import ConveneCore

/// One row of the `notification` table, as stored: the notification, where it stands,
/// and the meeting as it was announced (so the planner can tell what changed since).
struct LedgerRow: Hashable {
    var id: String
    var forum: String
    var occurrence: String
    var kind: String
    var sequence: Int
    /// ISO 8601 (`P14D`), so the table reads well in `sqlite3`.
    var lead: String?
    var due: Int
    var state: LedgerState
    var writtenAt: Int?
    var fileName: String?
    var series: String
    var title: String
    var start: Int
    var end: Int
    var venue: String?
    var online: String?
}

extension LedgerRow {
    init(_ notification: Notification, state: LedgerState, writtenAt: Int?, fileName: String?) {
        let announced = Announcement(notification.occurrence)
        self.init(
            id: notification.id, forum: notification.forum, occurrence: notification.occurrence.uid,
            kind: notification.kind.rawValue, sequence: notification.sequence,
            lead: notification.lead?.description, due: notification.due, state: state, writtenAt: writtenAt,
            fileName: fileName, series: announced.series, title: announced.title, start: announced.start,
            end: announced.end, venue: announced.venue, online: announced.online)
    }

    /// What the planner needs: committed counts as sent, whether or not the move to
    /// `new/` has happened yet, because the message will be there after recovery.
    func record() throws -> NotificationRecord {
        let outcome: NotificationRecord.Outcome
        switch state {
        case .committed, .done:
            guard let writtenAt else { throw unreadable("writtenAt", "NULL") }
            outcome = .sent(at: writtenAt)
        case .superseded:
            outcome = .superseded
        }
        return NotificationRecord(
            id: id, occurrence: occurrence, forum: forum, kind: try decodedKind(),
            sequence: sequence, lead: try decodedLead(), due: due, outcome: outcome,
            announced: announced)
    }

    func delivered(mail: MailHandoffRecord? = nil) throws -> DeliveredNotification {
        DeliveredNotification(
            id: id, forum: forum, occurrence: occurrence, kind: try decodedKind(), sequence: sequence,
            lead: try decodedLead(), due: due, writtenAt: writtenAt, fileName: fileName,
            state: state, announced: announced, mail: mail)
    }

    func pending() throws -> PendingDelivery {
        guard let fileName else { throw unreadable("fileName", "NULL") }
        return PendingDelivery(id: id, forum: forum, fileName: fileName)
    }

    private var announced: Announcement {
        Announcement(series: series, title: title, start: start, end: end, venue: venue, online: online)
    }

    private func decodedKind() throws -> Notification.Kind {
        guard let value = Notification.Kind(rawValue: kind) else { throw unreadable("kind", kind) }
        return value
    }

    private func decodedLead() throws -> ISODuration? {
        guard let lead else { return nil }
        guard let value = ISODuration(lead) else { throw unreadable("lead", lead) }
        return value
    }

    private func unreadable(_ column: String, _ value: String) -> StoreError {
        .unreadable(table: Self.databaseTableName, id: id, column: column, value: value)
    }
}

// MARK: - Persistence

extension LedgerRow {
    static let databaseTableName = "notification"

    /// Inserts a row, with `arguments` in this order.
    static let insertSQL = "INSERT INTO " + columnsAndValues
    /// Inserts a row unless the ledger has one with its id.
    static let insertIfNewSQL = "INSERT OR IGNORE INTO " + columnsAndValues

    private static let columnsAndValues = """
        notification (id, forum, occurrence, kind, sequence, lead, due, state, writtenAt, fileName,
            series, title, start, "end", venue, online)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The values for `insertSQL`.
    var arguments: [any SQLiteValueConvertible] {
        [
            id, forum, occurrence, kind, sequence, lead, due, state, writtenAt, fileName, series, title, start, end,
            venue, online,
        ]
    }

    /// A row as `SELECT *` reads it.
    init(_ row: SQLiteRow) throws {
        let id: String = try row["id"]
        let state: String = try row["state"]
        guard let ledgerState = LedgerState(rawValue: state) else {
            throw StoreError.unreadable(table: Self.databaseTableName, id: id, column: "state", value: state)
        }
        self.init(
            id: id, forum: try row["forum"], occurrence: try row["occurrence"], kind: try row["kind"],
            sequence: try row["sequence"], lead: try row["lead"], due: try row["due"], state: ledgerState,
            writtenAt: try row["writtenAt"], fileName: try row["fileName"], series: try row["series"],
            title: try row["title"], start: try row["start"], end: try row["end"], venue: try row["venue"],
            online: try row["online"])
    }
}
