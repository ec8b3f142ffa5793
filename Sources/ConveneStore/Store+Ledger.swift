import ConveneCore

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
            // The daemon's hot path: prepared once per connection, not once per row.
            let existing = try db.cachedStatement("SELECT state FROM notification WHERE id = ?")
            let insert = try db.cachedStatement(LedgerRow.insertSQL)
            for (notification, fileName, writtenAt) in batch {
                if let state = try existing.firstRow([notification.id], { row -> String in try row["state"] }) {
                    throw state == LedgerState.superseded.rawValue
                        ? StoreError.alreadySuperseded(id: notification.id)
                        : StoreError.alreadyCommitted(id: notification.id)
                }
                try insert.execute(LedgerRow(notification, state: .committed, writtenAt: writtenAt, fileName: fileName).arguments)
            }
        }
    }

    /// Marks a batch done in one transaction; see `markDone(_:)`.
    public func markDone(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        try write("mark \(ids.count) notifications done") { db in
            let update = try db.cachedStatement(
                "UPDATE notification SET state = 'done' WHERE id = ? AND state IN ('committed', 'done')")
            for id in ids {
                try update.execute([id])
                if db.changesCount == 0 { throw StoreError.notCommitted(id: id) }
            }
        }
    }

    /// Records notifications the planner found overtaken, so they are never sent.
    /// Recording one twice, or one that was committed meanwhile, changes nothing.
    public func recordSuperseded(_ notifications: [Notification]) throws {
        guard !notifications.isEmpty else { return }
        try write("record \(notifications.count) superseded notifications") { db in
            let insert = try db.cachedStatement(LedgerRow.insertIfNewSQL)
            for notification in notifications {
                try insert.execute(LedgerRow(notification, state: .superseded, writtenAt: nil, fileName: nil).arguments)
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
            try db.rows("SELECT * FROM notification ORDER BY due, id") { row in try LedgerRow(row).record() }
        }
    }

    /// The part of the history a plan needs (see `NotificationPlanner.historyNeeded`):
    /// every row about the occurrences named, and about any occurrence a row announced
    /// as starting in `needed.announced`. In due order, as `history()`.
    public func history(_ needed: NotificationPlanner.HistoryNeeded) throws -> [NotificationRecord] {
        // The names go in as one JSON array, as a schedule may have tens of thousands.
        let names = "[" + needed.occurrences.map(jsonString).joined(separator: ",") + "]"
        return try read("read the notification history") { db in
            try db.rows(Self.neededHistorySQL, [names, needed.announced.lowerBound, needed.announced.upperBound]) { row in
                try LedgerRow(row).record()
            }
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
            let rows = try db.rows(
                """
                SELECT occurrence, MAX(sequence) FROM notification
                WHERE forum = ? AND state != 'superseded' GROUP BY occurrence
                """, [forum]
            ) { row -> (String, Int) in try (row[0], row[1]) }
            return Dictionary(uniqueKeysWithValues: rows)
        }
    }

    /// Committed notifications not yet marked done, oldest first: on start, spool
    /// recovery finishes their move into `new/`, or marks them done if it happened.
    public func committedNotDone() throws -> [PendingDelivery] {
        try read("list committed notifications") { db in
            try db.rows("SELECT * FROM notification WHERE state = ? ORDER BY writtenAt, id", [LedgerState.committed]) { row in
                try LedgerRow(row).pending()
            }
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
            var conditions: [String] = []
            var arguments: [any SQLiteValueConvertible] = []
            func filter(_ condition: String, _ values: [any SQLiteValueConvertible]) {
                conditions.append(condition)
                arguments += values
            }
            if let forum { filter("forum = ?", [forum]) }
            if let occurrence { filter("occurrence = ?", [occurrence]) }
            if let since { filter("writtenAt >= ?", [since]) }
            if let series { filter("series = ?", [series]) }
            if let forums { filter("forum IN (\(parameters(count: forums.count)))", forums) }
            var sql = """
                SELECT notification.*, \(Self.mailHandoffColumns) FROM notification
                LEFT JOIN mailHandoff ON mailHandoff.message = notification.id
                """
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY writtenAt ASC NULLS LAST, due, id"
            if let limit {
                sql += " LIMIT ? OFFSET ?"
                arguments += [limit, offset]
            }
            return try db.rows(sql, arguments) { row in try LedgerRow(row).delivered(mail: MailHandoffRecord(row)) }
        }
    }
}

/// `count` SQL parameters, `?, ?, ?`, for a list of values (`IN (…)`).
func parameters(count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
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
