import ConveneCore

/// A message written to the spool and waiting to be handed to the MTA, with what the
/// hand-off needs to find it and to decide whether it is still worth sending.
public struct WaitingHandoff: Sendable, Equatable {
    /// The notification's or the record message's id.
    public let message: String
    /// Whose folder it is in: a forum's id, or (`toOfficer`) an officer's.
    public let recipient: String
    public let toOfficer: Bool
    public let fileName: String
    /// Attempts so far, and when the next may be made (the spool's backoff).
    public let attempts: Int
    public let nextAttemptAt: Int
    /// For a meeting's message: which meeting, the message's SEQUENCE and when the
    /// meeting ends. Nil for the co-production record's messages.
    public let meeting: Meeting?

    public struct Meeting: Sendable, Equatable {
        public let occurrence: String
        public let sequence: Int
        public let end: Int

        public init(occurrence: String, sequence: Int, end: Int) {
            self.occurrence = occurrence
            self.sequence = sequence
            self.end = end
        }
    }

    public init(
        message: String, recipient: String, toOfficer: Bool = false, fileName: String, attempts: Int = 0,
        nextAttemptAt: Int = 0, meeting: Meeting? = nil
    ) {
        self.message = message
        self.recipient = recipient
        self.toOfficer = toOfficer
        self.fileName = fileName
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.meeting = meeting
    }
}

/// Where one message stands with the MTA, for the views.
public struct MailHandoffRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, SQLiteValueConvertible {
        /// Written to the spool; not yet taken by the MTA.
        case waiting
        /// sendmail took it (exit status 0).
        case handedOff = "handed_off"
        /// Not handed over, and never will be (`error` says why).
        case skipped
    }

    public let state: State
    public let attempts: Int
    public let triedAt: Int?
    public let handedOffAt: Int?
    /// When a waiting message is tried next.
    public let nextAttemptAt: Int?
    /// How many addresses took it.
    public let recipients: Int?
    /// sendmail's exit status at the last attempt; nil when it did not exit (killed, timed
    /// out, could not start).
    public let exitStatus: Int?
    /// Why the last attempt failed, or why it was skipped.
    public let error: String?

    public init(
        state: State, attempts: Int, triedAt: Int?, handedOffAt: Int?, nextAttemptAt: Int?, recipients: Int?,
        exitStatus: Int?, error: String?
    ) {
        self.state = state
        self.attempts = attempts
        self.triedAt = triedAt
        self.handedOffAt = handedOffAt
        self.nextAttemptAt = nextAttemptAt
        self.recipients = recipients
        self.exitStatus = exitStatus
        self.error = error
    }

    /// Read from the columns `SELECT`ed by `Store.mailHandoffColumns`; nil when the row
    /// has none (never queued).
    init?(_ row: SQLiteRow) throws {
        guard let state: State = try row["mailState"] else { return nil }
        self.init(
            state: state, attempts: try row["mailAttempts"], triedAt: try row["mailTriedAt"],
            handedOffAt: try row["mailHandedOffAt"], nextAttemptAt: state == .waiting ? try row["mailNextAttemptAt"] : nil,
            recipients: try row["mailRecipients"], exitStatus: try row["mailExitStatus"], error: try row["mailError"])
    }
}

/// What came of one attempt to hand a message over.
public enum HandoffOutcome: Sendable, Equatable {
    case handedOff(recipients: Int)
    /// Refused or not finished; tried again at `retryAt`.
    case failed(exitStatus: Int?, error: String, retryAt: Int)
    /// Not worth sending any more (the meeting is over, a newer message replaced it, the
    /// file or every address is gone): never tried again.
    case skipped(String)
}

/// How a forum's messages stand with the MTA, for its view.
public struct MailHandoffSummary: Sendable, Hashable {
    public var handedOff = 0
    public var waiting = 0
    public var skipped = 0
    public var lastHandedOffAt: Int?
    /// The newest failure among the messages still waiting: when, and why.
    public var lastFailureAt: Int?
    public var lastFailure: String?

    public init() {}
}

extension Store {
    /// The columns `MailHandoffRecord(_:)` reads, for a query that joins `mailHandoff`.
    static let mailHandoffColumns = """
        mailHandoff.state AS mailState, mailHandoff.attempts AS mailAttempts, mailHandoff.triedAt AS mailTriedAt, \
        mailHandoff.handedOffAt AS mailHandedOffAt, mailHandoff.nextAttemptAt AS mailNextAttemptAt, \
        mailHandoff.recipients AS mailRecipients, mailHandoff.exitStatus AS mailExitStatus, mailHandoff.error AS mailError
        """

    /// Since when messages are handed to the MTA; nil while the hand-off is off.
    public func mailHandoffSince() throws -> Int? {
        try read("read whether messages go to the MTA") { db in
            try db.value(#"SELECT "since" FROM "mailHandoffSince""#, [])
        }
    }

    /// Turns the hand-off on at `now`, if it is off: from then on every message marked
    /// written is queued, and so now is each forum's latest message about every meeting
    /// still ahead (not a cancellation, and none it was handed already); nothing older.
    /// How many were queued; nil when it was on already.
    @discardableResult
    public func startMailHandoff(now: Int) throws -> Int? {
        try write("start handing messages to the MTA") { db in
            guard try db.value(#"SELECT COUNT(*) FROM "mailHandoffSince""#, []) == 0 else { return nil }
            try db.execute(#"INSERT INTO "mailHandoffSince" ("id", "since") VALUES (1, ?)"#, [now])
            try db.execute(
                """
                INSERT OR IGNORE INTO mailHandoff (message, source, queuedAt)
                SELECT id, 'notification', writtenAt FROM (
                    SELECT id, kind, start, writtenAt, ROW_NUMBER() OVER (
                        PARTITION BY forum, occurrence ORDER BY sequence DESC, writtenAt DESC, id DESC) AS latest
                    FROM notification WHERE state = 'done'
                        AND occurrence IN (SELECT occurrence FROM notification WHERE start > ?1))
                -- The latest about each meeting, and only if that still puts it ahead (a
                -- meeting brought forward to a time now past has nothing to send).
                WHERE latest = 1 AND start > ?1 AND kind != 'cancellation'
                ORDER BY writtenAt, id
                """, [now])
            return db.changesCount
        }
    }

    /// Turns the hand-off off: messages written from now on are not queued. Those waiting
    /// stay, for when it is turned on again.
    public func stopMailHandoff() throws {
        try write("stop handing messages to the MTA") { db in
            try db.execute(#"DELETE FROM "mailHandoffSince""#)
        }
    }

    /// The messages waiting, in the order they were written, at most `limit`.
    public func waitingHandoffs(limit: Int = 10_000) throws -> [WaitingHandoff] {
        try read("read the messages waiting for the MTA") { db in
            try db.rows(
                """
                SELECT h.message, h.attempts, h.nextAttemptAt, n.forum, n.fileName, n.occurrence, n.sequence, n."end",
                    r.recipient, r.fileName AS recordFile, r.kind AS recordKind
                FROM mailHandoff h
                LEFT JOIN notification n ON h.source = 'notification' AND n.id = h.message
                LEFT JOIN recordMessage r ON h.source = 'record' AND r.id = h.message
                WHERE h.state = 'waiting' ORDER BY h.rowid LIMIT ?
                """, [limit]
            ) { row -> WaitingHandoff in
                let message: String = try row["message"]
                if let forum: String = try row["forum"] {
                    return WaitingHandoff(
                        message: message, recipient: forum, fileName: try row["fileName"] ?? "",
                        attempts: try row["attempts"], nextAttemptAt: try row["nextAttemptAt"],
                        meeting: .init(occurrence: try row["occurrence"], sequence: try row["sequence"], end: try row["end"]))
                }
                // A record message; a row whose message is gone has no recipient and is skipped.
                let kind: String? = try row["recordKind"]
                return WaitingHandoff(
                    message: message, recipient: try row["recipient"] ?? "",
                    toOfficer: kind != nil && kind != RecordMessage.Kind.digest.rawValue,
                    fileName: try row["recordFile"] ?? "", attempts: try row["attempts"],
                    nextAttemptAt: try row["nextAttemptAt"])
            }
        }
    }

    /// Records what came of an attempt at `now`.
    public func recordHandoff(_ message: String, _ outcome: HandoffOutcome, at now: Int) throws {
        try write("record a hand-off to the MTA") { db in
            switch outcome {
            case .handedOff(let recipients):
                try db.execute(
                    """
                    UPDATE mailHandoff SET state = 'handed_off', attempts = attempts + 1, triedAt = ?, handedOffAt = ?,
                        recipients = ?, exitStatus = 0, error = NULL WHERE message = ?
                    """, [now, now, recipients, message])
            case .failed(let exitStatus, let error, let retryAt):
                try db.execute(
                    """
                    UPDATE mailHandoff SET attempts = attempts + 1, triedAt = ?, nextAttemptAt = ?, exitStatus = ?, error = ?
                    WHERE message = ?
                    """, [now, retryAt, exitStatus, error, message])
            case .skipped(let why):
                try db.execute(
                    "UPDATE mailHandoff SET state = 'skipped', triedAt = ?, error = ? WHERE message = ?", [now, why, message])
            }
        }
    }

    /// How many messages wait for the MTA, and how many of those it refused at least once.
    public func mailHandoffCounts() throws -> (waiting: Int, failing: Int) {
        try read("count the messages waiting for the MTA") { db in
            try db.firstRow(
                "SELECT COUNT(*), COALESCE(SUM(attempts > 0), 0) FROM mailHandoff WHERE state = 'waiting'", []
            ) { row -> (Int, Int) in (try row[0], try row[1]) } ?? (0, 0)
        }
    }

    /// Each message's standing with the MTA, by id (those never queued are absent).
    public func mailHandoffs(_ messages: [String]) throws -> [String: MailHandoffRecord] {
        guard !messages.isEmpty else { return [:] }
        return try read("read the hand-offs to the MTA") { db in
            var records: [String: MailHandoffRecord] = [:]
            for chunk in stride(from: 0, to: messages.count, by: 500).map({ messages[$0..<min($0 + 500, messages.count)] }) {
                _ = try db.rows(
                    """
                    SELECT message, \(Self.mailHandoffColumns) FROM mailHandoff WHERE message IN (\(parameters(count: chunk.count)))
                    """, Array(chunk)
                ) { row in
                    if let record = try MailHandoffRecord(row) { records[try row["message"]] = record }
                }
            }
            return records
        }
    }

    /// How `forum`'s messages stand with the MTA.
    public func mailHandoffSummary(forum: String) throws -> MailHandoffSummary {
        try read("read a forum's hand-offs to the MTA") { db in
            var summary = MailHandoffSummary()
            _ = try db.rows(
                """
                SELECT h.state, COUNT(*), MAX(h.handedOffAt), MAX(CASE WHEN h.error IS NOT NULL THEN h.triedAt END)
                FROM mailHandoff h JOIN notification n ON h.source = 'notification' AND n.id = h.message
                WHERE n.forum = ? GROUP BY h.state
                """, [forum]
            ) { row in
                let state: MailHandoffRecord.State = try row[0]
                let count: Int = try row[1]
                switch state {
                case .handedOff:
                    summary.handedOff = count
                    summary.lastHandedOffAt = try row[2]
                case .waiting:
                    summary.waiting = count
                    if let at: Int = try row[3] {
                        let error: String? = try db.value(
                            """
                            SELECT h.error FROM mailHandoff h JOIN notification n ON n.id = h.message
                            WHERE n.forum = ? AND h.state = 'waiting' AND h.triedAt = ? AND h.error IS NOT NULL LIMIT 1
                            """, [forum, at])
                        summary.lastFailureAt = at
                        summary.lastFailure = error
                    }
                case .skipped: summary.skipped = count
                }
            }
            return summary
        }
    }
}
