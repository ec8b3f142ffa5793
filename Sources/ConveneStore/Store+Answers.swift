import ConveneCore

/// A message that came into the inbox, and what became of it.
public struct InboundEntry: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case answer, staleAnswer = "stale-answer", autoReply = "auto-reply", bounce, needsPerson = "needs-person", quarantine
    }

    public let messageID: String?
    /// Identifies the bytes: the same Message-ID with the same digest is the same message.
    public let digest: String
    /// Its name in the inbox's cur/ (or in quarantine).
    public let fileName: String
    public let receivedAt: Int
    public let outcome: Outcome
    /// Why it was quarantined or needs a person, in words a coordinator reads.
    public let reason: String?
    public let forum: String?
    public let occurrence: String?
    /// When a coordinator purged it from quarantine (its file is gone, its record stays).
    public let purgedAt: Int?
    /// Its From, lower-cased, if it had one.
    public let sender: String?

    public init(
        messageID: String?, digest: String, fileName: String, receivedAt: Int, outcome: Outcome, reason: String?,
        forum: String?, occurrence: String?, purgedAt: Int? = nil, sender: String? = nil
    ) {
        self.purgedAt = purgedAt
        self.sender = sender
        self.messageID = messageID
        self.digest = digest
        self.fileName = fileName
        self.receivedAt = receivedAt
        self.outcome = outcome
        self.reason = reason
        self.forum = forum
        self.occurrence = occurrence
    }
}

/// A forum's answer as recorded: by a contact's calendar or mail, or by a coordinator.
/// A forum's answer about one meeting as it was when the forum answered.
public struct AnsweredSlot: Sendable, Equatable {
    public let forum: String
    public let occurrence: String
    public let answer: Answer
    public let reason: String?
    public let title: String
    /// Start and end as the forum was last told them before answering.
    public let start: Int
    public let end: Int

    struct Key: Hashable {
        let forum: String
        let occurrence: String
        let start: Int
        let end: Int
    }

    var key: Key { Key(forum: forum, occurrence: occurrence, start: start, end: end) }
}

public struct AnswerEntry: Sendable, Equatable {
    public let forum: String
    public let occurrence: String
    public let sequence: Int
    public let answer: Answer
    public let reason: String?
    public let by: String
    /// `calendar`, `mail` or `coordinator`.
    public let via: String
    public let answeredAt: Int

    public init(
        forum: String, occurrence: String, sequence: Int, answer: Answer, reason: String?, by: String, via: String,
        answeredAt: Int
    ) {
        self.forum = forum
        self.occurrence = occurrence
        self.sequence = sequence
        self.answer = answer
        self.reason = reason
        self.by = by
        self.via = via
        self.answeredAt = answeredAt
    }
}

extension Store {
    /// Records an inbound message and, if it carried one, its answer or the addresses it
    /// says bounced, in one transaction. False, and nothing written, when the same message
    /// (Message-ID and bytes) is already recorded: a message seen twice counts once.
    @discardableResult
    public func record(_ inbound: InboundEntry, answer: AnswerEntry?, bounces: [BouncedAddress] = []) throws -> Bool {
        try write("record an inbound message") { db in
            if try Self.inboundOutcome(messageID: inbound.messageID, digest: inbound.digest, db) != nil { return false }
            try db.execute(
                """
                INSERT INTO inbound (messageID, digest, fileName, receivedAt, outcome, reason, forum, occurrence, sender)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    inbound.messageID, inbound.digest, inbound.fileName, inbound.receivedAt, inbound.outcome.rawValue,
                    inbound.reason, inbound.forum, inbound.occurrence, inbound.sender?.lowercased(),
                ])
            let id = db.lastInsertedRowID
            if let answer { try Self.insert(answer, inbound: id, db) }
            try Self.insertBounces(bounces, inbound: id, db)
            return true
        }
    }

    /// Records an answer a coordinator took (by phone, in person).
    public func record(_ answer: AnswerEntry) throws {
        try write("record an answer") { db in try Self.insert(answer, inbound: nil, db) }
    }

    /// Whether a message with this Message-ID and digest is already recorded.
    public func hasInbound(messageID: String?, digest: String) throws -> Bool {
        try inboundOutcome(messageID: messageID, digest: digest) != nil
    }

    /// Every answer about `occurrence` (or every answer), in the order recorded (not by the
    /// clock, which may be set back): the latest for a
    /// forum's latest SEQUENCE is its current one, the rest history.
    public func answers(occurrence: String? = nil) throws -> [AnswerEntry] {
        try read("read the answers") { db in
            try db.rows(
                """
                SELECT forum, occurrence, sequence, answer, reason, byWhom, via, answeredAt FROM answer
                WHERE ?1 IS NULL OR occurrence = ?1 ORDER BY id
                """, [occurrence], Self.answerEntry
            ).compactMap { $0 }
        }
    }

    /// The inbox record, newest first, at most `limit` messages; only those with `outcome` when given.
    public func inbound(outcome: InboundEntry.Outcome? = nil, limit: Int = 5000) throws -> [InboundEntry] {
        try read("read the inbox record") { db in
            try db.rows(
                """
                SELECT messageID, digest, fileName, receivedAt, outcome, reason, forum, occurrence, purgedAt
                FROM inbound WHERE ?1 IS NULL OR outcome = ?1 ORDER BY receivedAt DESC, id DESC LIMIT ?2
                """, [outcome?.rawValue, limit]
            ) { row -> InboundEntry? in
                guard let outcome = InboundEntry.Outcome(rawValue: try row["outcome"]) else { return nil }
                return InboundEntry(
                    messageID: try row["messageID"], digest: try row["digest"], fileName: try row["fileName"],
                    receivedAt: try row["receivedAt"], outcome: outcome, reason: try row["reason"], forum: try row["forum"],
                    occurrence: try row["occurrence"], purgedAt: try row["purgedAt"])
            }.compactMap { $0 }
        }
    }

    /// The outcome recorded for a message, if it is recorded (after a crash between the
    /// commit and the move, the file is still in new/).
    public func inboundOutcome(messageID: String?, digest: String) throws -> InboundEntry.Outcome? {
        try read("read the inbox record") { db in try Self.inboundOutcome(messageID: messageID, digest: digest, db) }
    }

    private static func inboundOutcome(messageID: String?, digest: String, _ db: SQLiteConnection) throws
        -> InboundEntry.Outcome?
    {
        let outcome: String? = try db.value(
            "SELECT outcome FROM inbound WHERE digest = ? AND messageID IS ?", [digest, messageID])
        return outcome.flatMap(InboundEntry.Outcome.init(rawValue:))
    }

    /// The latest SEQUENCE `forum` was sent for `occurrence`, if it was told of it.
    public func latestSequence(forum: String, occurrence: String) throws -> Int? {
        try read("read what \(forum) was told") { db in
            try db.value(
                """
                SELECT MAX(sequence) FROM notification
                WHERE forum = ? AND occurrence = ? AND state != 'superseded'
                """, [forum, occurrence])
        }
    }

    /// Every meeting `forum` was told of: its title and start as last told, and that SEQUENCE.
    public func meetingsTold(forum: String) throws -> [(occurrence: String, title: String, start: Int, sequence: Int)] {
        try read("read what \(forum) was told") { db in
            // SQLite takes the bare columns from the row with the MAX.
            try db.rows(
                """
                SELECT occurrence, title, start, MAX(sequence) AS sequence FROM notification
                WHERE forum = ? AND state != 'superseded' GROUP BY occurrence
                """, [forum]
            ) { row in try (row["occurrence"], row["title"], row["start"], row["sequence"]) }
        }
    }

    /// What `forums` answered since `since` about each meeting as it was when they
    /// answered (title, start and end as they were last told them before answering): the
    /// latest answer per forum, meeting and slot, oldest first. What slot suggestions
    /// learn a forum's hours from; a meeting re-sent unchanged (a new venue, say) and
    /// answered again counts once.
    public func answeredSlots(forums: [String], since: Int) throws -> [AnsweredSlot] {
        let names = "[" + forums.map(jsonString).joined(separator: ",") + "]"
        let rows = try read("read the answers") { db in
            try db.rows(
                """
                SELECT a.forum, a.occurrence, a.answer, a.reason, n.title, n.start, n.end FROM answer a
                JOIN notification n ON n.forum = a.forum AND n.occurrence = a.occurrence AND n.state != 'superseded'
                    AND n.sequence = (
                        SELECT MAX(m.sequence) FROM notification m
                        WHERE m.forum = a.forum AND m.occurrence = a.occurrence AND m.sequence <= a.sequence
                            AND m.state != 'superseded')
                WHERE a.forum IN (SELECT value FROM json_each(?1)) AND a.answeredAt >= ?2
                GROUP BY a.id ORDER BY a.id
                """, [names, since]
            ) { row -> AnsweredSlot? in
                guard let answer = Answer(rawValue: try row[2]) else { return nil }
                return AnsweredSlot(
                    forum: try row[0], occurrence: try row[1], answer: answer, reason: try row[3], title: try row[4],
                    start: try row[5], end: try row[6])
            }.compactMap { $0 }
        }
        // The latest answer about each slot of each meeting stands.
        var latest: [AnsweredSlot.Key: Int] = [:]
        for (index, row) in rows.enumerated() { latest[row.key] = index }
        return latest.values.sorted().map { rows[$0] }.sorted { ($0.start, $0.forum) < ($1.start, $1.forum) }
    }

    /// The forum, occurrence and SEQUENCE of a notification the daemon sent.
    public func sentNotification(id: String) throws -> (forum: String, occurrence: String, sequence: Int)? {
        try read("read a notification") { db in
            try db.firstRow(
                "SELECT forum, occurrence, sequence FROM notification WHERE id = ? AND state != 'superseded'", [id]
            ) { row in try (row["forum"], row["occurrence"], row["sequence"]) }
        }
    }

    /// Each forum's current answer to each of `occurrences` (occurrence → forum → answer):
    /// its latest answer given at `sequence` or later (a move asks again, so an answer to
    /// an earlier version no longer stands). Read once per batch of messages.
    public func currentAnswers(_ keys: [(forum: String, occurrence: String, sequence: Int)]) throws -> [String: [String: Answer]]
    {
        guard !keys.isEmpty else { return [:] }
        return try read("read the answers") { db in
            var answers: [String: [String: Answer]] = [:]
            let statement = try db.cachedStatement(
                """
                SELECT answer FROM answer WHERE forum = ? AND occurrence = ? AND sequence >= ?
                ORDER BY id DESC LIMIT 1
                """)
            for key in keys {
                if let text = try statement.firstRow([key.forum, key.occurrence, key.sequence], { row -> String in try row[0] }),
                    let answer = Answer(rawValue: text)
                {
                    answers[key.occurrence, default: [:]][key.forum] = answer
                }
            }
            return answers
        }
    }

    /// Who answered the meetings a plan is about (`needed`, as `history(_:)` reads them):
    /// each forum's highest answered SEQUENCE per occurrence, in one query, for the
    /// planner to leave out a chaser when an answer stands.
    public func answered(_ needed: NotificationPlanner.HistoryNeeded) throws -> Answered {
        let names = "[" + needed.occurrences.map(jsonString).joined(separator: ",") + "]"
        return try read("read who answered") { db in
            let rows = try db.rows(
                """
                SELECT forum, occurrence, MAX(sequence) FROM answer WHERE occurrence IN (
                    SELECT value FROM json_each(?)
                    UNION SELECT occurrence FROM notification WHERE start >= ? AND start < ?)
                GROUP BY occurrence, forum
                """, [names, needed.announced.lowerBound, needed.announced.upperBound]
            ) { row -> (forum: String, occurrence: String, sequence: Int) in try (row[0], row[1], row[2]) }
            return Answered(rows)
        }
    }

    private static func insert(_ answer: AnswerEntry, inbound: Int64?, _ db: SQLiteConnection) throws {
        try db.execute(
            """
            INSERT INTO answer (forum, occurrence, sequence, answer, reason, byWhom, via, answeredAt, inbound)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                answer.forum, answer.occurrence, answer.sequence, answer.answer.rawValue, answer.reason, answer.by,
                answer.via, answer.answeredAt, inbound,
            ])
    }
}
