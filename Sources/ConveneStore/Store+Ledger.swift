import ConveneCore
import GRDB

// MARK: - Ledger: Writes

extension Store {
    /// The decision that `notification` goes out: records it as committed, with the
    /// message's file (already written and synced in the forum's `tmp/`) and the time it
    /// was written. Once this returns, the message counts as sent, crash or not.
    ///
    /// - Throws: `StoreError.alreadyCommitted` (or `.alreadySuperseded`) if the ledger
    ///   already has this id; the row is left as it was.
    public func commit(_ notification: Notification, fileName: String, writtenAt: Int) throws {
        try commit([(notification, fileName, writtenAt)])
    }

    /// The message is in the forum's `new/` folder. Marking a done one again does
    /// nothing, so recovery can repeat itself after a second crash.
    ///
    /// - Throws: `StoreError.notCommitted` if the ledger has no committed row for `id`.
    public func markDone(_ id: String) throws {
        try markDone([id])
    }

    /// Commits a batch in one transaction (one sync to disk for them all): either every
    /// row is recorded or none is.
    public func commit(_ batch: [(notification: Notification, fileName: String, writtenAt: Int)]) throws {
        guard !batch.isEmpty else { return }
        try write("commit \(batch.count) notifications") { db in
            for (notification, fileName, writtenAt) in batch {
                if let state = try LedgerRow.select(LedgerRow.Columns.state, as: LedgerState.self)
                    .filter(key: notification.id).fetchOne(db)
                {
                    throw state == .superseded
                        ? StoreError.alreadySuperseded(id: notification.id)
                        : StoreError.alreadyCommitted(id: notification.id)
                }
                try LedgerRow(notification, state: .committed, writtenAt: writtenAt, fileName: fileName).insert(db)
            }
        }
    }

    /// Marks a batch done in one transaction; see `markDone(_:)`.
    public func markDone(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        try write("mark \(ids.count) notifications done") { db in
            for id in ids {
                let updated =
                    try LedgerRow
                    .filter(key: id)
                    .filter([LedgerState.committed, .done].contains(LedgerRow.Columns.state))
                    .updateAll(db, LedgerRow.Columns.state.set(to: LedgerState.done))
                if updated == 0 { throw StoreError.notCommitted(id: id) }
            }
        }
    }

    /// Records notifications the planner found overtaken, so they are never sent.
    /// Recording one twice, or one that was committed meanwhile, changes nothing.
    public func recordSuperseded(_ notifications: [Notification]) throws {
        guard !notifications.isEmpty else { return }
        try write("record \(notifications.count) superseded notifications") { db in
            for notification in notifications {
                try LedgerRow(notification, state: .superseded, writtenAt: nil, fileName: nil)
                    .insert(db, onConflict: .ignore)
            }
        }
    }
}

// MARK: - Ledger: Reads

extension Store {
    /// Everything the ledger holds, as the planner's history: committed and done rows
    /// count as sent (at the time written), the rest as superseded.
    public func history() throws -> [NotificationRecord] {
        try read("read the notification history") { db in
            try LedgerRow.order(LedgerRow.Columns.due, LedgerRow.Columns.id).fetchAll(db).map { try $0.record() }
        }
    }

    /// The part of the history a plan needs (see `NotificationPlanner.historyNeeded`):
    /// every row about the occurrences named, and about any occurrence a row announced
    /// as starting in `needed.announced`. In due order, as `history()`.
    public func history(_ needed: NotificationPlanner.HistoryNeeded) throws -> [NotificationRecord] {
        // The names go in as one JSON array, as a schedule may have tens of thousands.
        let names = "[" + needed.occurrences.map(jsonString).joined(separator: ",") + "]"
        return try read("read the notification history") { db in
            try LedgerRow.fetchAll(
                db, sql: Self.neededHistorySQL,
                arguments: [names, needed.announced.lowerBound, needed.announced.upperBound]
            )
            .map { try $0.record() }
        }
    }

    /// The rows about the occurrences in a JSON array, and about any occurrence announced
    /// in a range of starts: found through the indexes on occurrence and on start.
    static let neededHistorySQL = """
        SELECT * FROM notification WHERE occurrence IN (
            SELECT value FROM json_each(?)
            UNION SELECT occurrence FROM notification WHERE start >= ? AND start < ?)
        ORDER BY due, id
        """

    /// The highest sequence each occurrence reached in what `forum` was sent: what its
    /// calendar holds, for the calendar feed.
    public func sentSequences(forum: String) throws -> [String: Int] {
        try read("read forum \(forum)'s notifications") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT occurrence, MAX(sequence) FROM notification
                    WHERE forum = ? AND state != 'superseded' GROUP BY occurrence
                    """, arguments: [forum])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// Committed notifications not yet marked done, oldest first: on start, spool
    /// recovery finishes their move into `new/`, or marks them done if it happened.
    public func committedNotDone() throws -> [PendingDelivery] {
        try read("list committed notifications") { db in
            try LedgerRow
                .filter(LedgerRow.Columns.state == LedgerState.committed)
                .order(LedgerRow.Columns.writtenAt, LedgerRow.Columns.id)
                .fetchAll(db).map { try $0.pending() }
        }
    }

    /// Who was told what, and when: the ledger's rows, optionally for one forum, one
    /// occurrence, or written at or after `since` (which leaves out superseded ones, as
    /// they were never written). In the order written, superseded ones last.
    public func notifications(
        forum: String? = nil, occurrence: String? = nil,
        since: Int? = nil, series: String? = nil, forums: [String]? = nil, limit: Int? = nil, offset: Int = 0
    ) throws -> [DeliveredNotification] {
        try read("read the notification audit") { db in
            var request = LedgerRow.all()
            if let forum { request = request.filter(LedgerRow.Columns.forum == forum) }
            if let occurrence { request = request.filter(LedgerRow.Columns.occurrence == occurrence) }
            if let since { request = request.filter(LedgerRow.Columns.writtenAt >= since) }
            if let series { request = request.filter(LedgerRow.Columns.series == series) }
            if let forums { request = request.filter(forums.contains(LedgerRow.Columns.forum)) }
            request = request.order(LedgerRow.Columns.writtenAt.ascNullsLast, LedgerRow.Columns.due, LedgerRow.Columns.id)
            if let limit { request = request.limit(limit, offset: offset) }
            return try request.fetchAll(db).map { try $0.delivered() }
        }
    }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": literal += "\\\""
        case "\\": literal += "\\\\"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: literal.unicodeScalars.append(scalar)
        }
    }
    return literal + "\""
}
