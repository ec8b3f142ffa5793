import ConveneCore

#if canImport(Glibc)
    import Glibc
#endif

/// After a meeting, which forums came and which sent apologies, as a coordinator recorded it.
public struct AttendedEntry: Sendable, Equatable {
    public let occurrence: String
    public let came: [String]
    public let apologies: [String]
    public let reason: String?
    public let by: String
    public let recordedAt: Int

    public init(occurrence: String, came: [String], apologies: [String], reason: String?, by: String, recordedAt: Int) {
        self.occurrence = occurrence
        self.came = came
        self.apologies = apologies
        self.reason = reason
        self.by = by
        self.recordedAt = recordedAt
    }
}

/// What the ledger holds about some meetings' attendance, read in one transaction.
public struct AttendanceLedger: Sendable, Equatable {
    /// Every answer about the meetings, in the order recorded within each meeting (the
    /// ledger's order, not the clock's: a clock set back does not make an older answer
    /// the latest).
    public var answers: [AnswerEntry] = []
    /// The latest SEQUENCE each forum was told of each meeting (occurrence → forum → sequence).
    public var told: [String: [String: Int]] = [:]
    /// The latest attendance record of each meeting.
    public var attended: [String: AttendedEntry] = [:]

    public init(answers: [AnswerEntry] = [], told: [String: [String: Int]] = [:], attended: [String: AttendedEntry] = [:]) {
        self.answers = answers
        self.told = told
        self.attended = attended
    }
}

/// A contact whose address a delivery status notification said failed.
public struct BouncedAddress: Sendable, Equatable {
    public let forum: String
    public let address: String
    public let bouncedAt: Int

    public init(forum: String, address: String, bouncedAt: Int) {
        self.forum = forum
        self.address = address
        self.bouncedAt = bouncedAt
    }
}

extension Store {
    /// The answers, what each forum was told, and the attendance records of `occurrences`.
    public func attendance(of occurrences: [String]) throws -> AttendanceLedger {
        guard !occurrences.isEmpty else { return AttendanceLedger() }
        return try read("read the attendance") { db in
            var ledger = AttendanceLedger()
            // Chunks keep each statement well inside SQLite's limit on variables.
            for chunk in stride(from: 0, to: occurrences.count, by: 500).map({
                occurrences[$0..<min($0 + 500, occurrences.count)]
            }) {
                let arguments: [any SQLiteValueConvertible] = Array(chunk)
                let marks = parameters(count: arguments.count)
                ledger.answers += try db.rows(
                    """
                    SELECT forum, occurrence, sequence, answer, reason, byWhom, via, answeredAt FROM answer
                    WHERE occurrence IN (\(marks)) ORDER BY id
                    """, arguments, Self.answerEntry
                ).compactMap { $0 }
                let told = try db.rows(
                    """
                    SELECT occurrence, forum, MAX(sequence) AS sequence FROM notification
                    WHERE occurrence IN (\(marks)) AND state != 'superseded' GROUP BY occurrence, forum
                    """, arguments
                ) { row -> (occurrence: String, forum: String, sequence: Int) in
                    try (row["occurrence"], row["forum"], row["sequence"])
                }
                for (occurrence, forum, sequence) in told { ledger.told[occurrence, default: [:]][forum] = sequence }
                let attended = try db.rows(
                    """
                    SELECT occurrence, came, apologies, reason, byWhom, recordedAt FROM attendance
                    WHERE occurrence IN (\(marks)) ORDER BY id
                    """, arguments
                ) { row in
                    AttendedEntry(
                        occurrence: try row["occurrence"], came: Self.list(try row["came"]),
                        apologies: Self.list(try row["apologies"]), reason: try row["reason"], by: try row["byWhom"],
                        recordedAt: try row["recordedAt"])
                }
                for entry in attended { ledger.attended[entry.occurrence] = entry }
            }
            return ledger
        }
    }

    /// Records who came and who sent apologies; an earlier record of the meeting stays as history.
    public func record(_ attended: AttendedEntry) throws {
        try write("record who came") { db in
            try db.execute(
                """
                INSERT INTO attendance (occurrence, came, apologies, reason, byWhom, recordedAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    attended.occurrence, attended.came.joined(separator: ","), attended.apologies.joined(separator: ","),
                    attended.reason, attended.by, attended.recordedAt,
                ])
        }
    }

    /// Every address a bounce named, with its latest bounce, by forum and address.
    public func bounces() throws -> [BouncedAddress] {
        try read("read the bounces") { db in try Self.bounces(db) }
    }

    static func bounces(_ db: SQLiteConnection) throws -> [BouncedAddress] {
        try db.rows(
            """
            SELECT forum, address, MAX(bouncedAt) AS bouncedAt FROM bounce
            GROUP BY forum, address ORDER BY forum, address
            """
        ) { row in BouncedAddress(forum: try row["forum"], address: try row["address"], bouncedAt: try row["bouncedAt"]) }
    }

    /// How many recorded messages ended in each outcome (purged ones included).
    public func inboundCounts() throws -> [InboundEntry.Outcome: Int] {
        try read("count the inbox record") { db in
            var counts: [InboundEntry.Outcome: Int] = [:]
            let rows = try db.rows("SELECT outcome, COUNT(*) AS n FROM inbound GROUP BY outcome") { row -> (String, Int) in
                try (row["outcome"], row["n"])
            }
            for (outcome, count) in rows {
                if let outcome = InboundEntry.Outcome(rawValue: outcome) { counts[outcome] = count }
            }
            return counts
        }
    }

    /// Messages in quarantine now, and those that need a person received since `since`.
    public func inboxWaiting(needsPersonSince since: Int) throws -> (quarantined: Int, needsPerson: Int) {
        try read("count the inbox record") { db in
            let quarantined: Int? = try db.value(
                "SELECT COUNT(*) FROM inbound WHERE outcome = 'quarantine' AND purgedAt IS NULL")
            let needsPerson: Int? = try db.value(
                "SELECT COUNT(*) FROM inbound WHERE outcome = 'needs-person' AND receivedAt >= ?", [since])
            return (quarantined ?? 0, needsPerson ?? 0)
        }
    }

    /// Messages that need a person, received since `since`, not yet forwarded: oldest first.
    public func pendingForwards(since: Int) throws
        -> [(id: Int64, fileName: String, forum: String?, reason: String?, receivedAt: Int)]
    {
        try read("read the messages to forward") { db in
            try db.rows(
                """
                SELECT id, fileName, forum, reason, receivedAt FROM inbound
                WHERE outcome = 'needs-person' AND forwardedAt IS NULL AND receivedAt >= ? ORDER BY id
                """, [since]
            ) { row in try (row["id"], row["fileName"], row["forum"], row["reason"], row["receivedAt"]) }
        }
    }

    /// Records a forward: done at `at`, or failed with `error` (tried again later).
    public func recordForward(_ id: Int64, at now: Int?, error: String?) throws {
        try write("record a forward") { db in
            try db.execute(
                """
                UPDATE inbound SET forwardedAt = ?, forwardError = ?, forwardAttempts = forwardAttempts + 1
                WHERE id = ?
                """, [now, error, id])
        }
    }

    /// The quarantined messages received before `cutoff` and not yet purged: their file names.
    public func quarantined(before cutoff: Int) throws -> [String] {
        try read("read the quarantine") { db in
            try db.values(
                """
                SELECT fileName FROM inbound WHERE outcome = 'quarantine' AND purgedAt IS NULL AND receivedAt < ?
                ORDER BY id
                """, [cutoff])
        }
    }

    /// Marks `files` purged (their records stay, without the files) and audits it.
    public func purged(_ files: [String], olderThan: String, by: String, at now: Int) throws {
        try write("record the purge") { db in
            for file in files {
                try db.execute(
                    "UPDATE inbound SET purgedAt = ? WHERE fileName = ? AND outcome = 'quarantine' AND purgedAt IS NULL",
                    [now, file])
            }
            try Self.audit(
                "purge", detail: "quarantined messages older than \(olderThan)", count: files.count, by: by, at: now, db)
        }
    }

    /// The inbox files still kept of every message `contact` sent, and of the bounces
    /// that named their address: each with whether it is in quarantine.
    public func inboxFiles(of contact: String) throws -> [(fileName: String, quarantined: Bool)] {
        let address = contact.lowercased()
        return try read("read the inbox record") { db in
            try db.rows(
                """
                SELECT fileName, outcome = 'quarantine' AS quarantined FROM inbound
                WHERE purgedAt IS NULL AND (sender = ?1 OR id IN (SELECT inbound FROM bounce WHERE address = ?1))
                ORDER BY id
                """, [address]
            ) { row in try (row["fileName"], row["quarantined"]) }
        }
    }

    /// Erases one person from the ledger: the reasons and their address from the answers
    /// they gave, their address from bounces, hand-offs and the contacts noted, and marks
    /// their messages' files gone (the caller deletes them first). Audited with who did it
    /// and how many, never whose. Returns how many answers and messages it touched.
    public func forget(contact: String, by: String, at now: Int) throws -> Int {
        let address = contact.lowercased()
        let count = try write("forget a contact") { db in
            try db.execute("UPDATE answer SET reason = NULL, byWhom = 'erased' WHERE byWhom = ?", [address])
            var count = db.changesCount
            try db.execute(
                """
                UPDATE inbound SET purgedAt = ?2 WHERE purgedAt IS NULL
                    AND (sender = ?1 OR id IN (SELECT inbound FROM bounce WHERE address = ?1))
                """, [address, now])
            count += db.changesCount
            try db.execute("UPDATE inbound SET sender = NULL WHERE sender = ?", [address])
            try db.execute("UPDATE bounce SET address = 'erased' WHERE address = ?", [address])
            try db.execute("UPDATE handoff SET recipients = 'erased ' || id WHERE recipients = ?", [address])
            // What an MTA said about a message may name a recipient ("unknown user: …").
            try db.execute(
                "UPDATE mailHandoff SET error = 'erased: it named an erased address' WHERE instr(lower(error), ?1) > 0",
                [address])
            try db.execute("DELETE FROM contact WHERE address = ?", [address])
            try Self.audit("forget", detail: "one person's answers and messages", count: count, by: by, at: now, db)
            return count
        }
        return count
    }

    /// Writes the log into the ledger and empties it, so erased data is not left in its
    /// older frames; tried a few times while readers hold it. False if it never got through.
    public func checkpointAfterErasure() -> Bool {
        for _ in 0..<10 {
            if (try? checkpoint()) != nil { return true }
            usleep(50_000)
        }
        return false
    }

    /// The files still kept of messages filed in `cur/` (answers, questions, automatic
    /// replies, bounces) received before `cutoff`.
    public func filedMessages(before cutoff: Int) throws -> [String] {
        try read("read the inbox record") { db in
            try db.values(
                """
                SELECT fileName FROM inbound WHERE outcome != 'quarantine' AND purgedAt IS NULL AND receivedAt < ?
                ORDER BY id
                """, [cutoff])
        }
    }

    /// Marks the filed (not quarantined) messages `files` gone: their records stay.
    public func filedMessagesRemoved(_ files: [String], at now: Int) throws {
        try write("record the removed messages") { db in
            for file in files {
                try db.execute(
                    "UPDATE inbound SET purgedAt = ? WHERE fileName = ? AND outcome != 'quarantine' AND purgedAt IS NULL",
                    [now, file])
            }
        }
    }

    /// Erases the reasons of answers given before `cutoff` (`[privacy] keep_reasons`).
    @discardableResult
    public func expireReasons(before cutoff: Int, keep: String, at now: Int) throws -> Int {
        try write("erase old reasons") { db in
            try db.execute("UPDATE answer SET reason = NULL WHERE reason IS NOT NULL AND answeredAt < ?", [cutoff])
            let count = db.changesCount
            if count > 0 {
                try Self.audit("expire", detail: "reasons older than \(keep)", count: count, by: "convened", at: now, db)
            }
            return count
        }
    }

    static func audit(_ action: String, detail: String, count: Int, by: String, at now: Int, _ db: SQLiteConnection) throws {
        try db.execute(
            #"INSERT INTO erasure ("action", detail, count, byWhom, at) VALUES (?, ?, ?, ?, ?)"#,
            [action, detail, count, by, now])
    }

    static func insertBounces(_ bounces: [BouncedAddress], inbound: Int64, _ db: SQLiteConnection) throws {
        for bounce in bounces {
            try db.execute(
                "INSERT INTO bounce (inbound, forum, address, bouncedAt) VALUES (?, ?, ?, ?)",
                [inbound, bounce.forum, bounce.address.lowercased(), bounce.bouncedAt])
        }
    }

    /// An answer as the answer table's columns read it; nil for an answer this version
    /// does not know.
    static func answerEntry(_ row: SQLiteRow) throws -> AnswerEntry? {
        guard let answer = Answer(rawValue: try row["answer"]) else { return nil }
        return AnswerEntry(
            forum: try row["forum"], occurrence: try row["occurrence"], sequence: try row["sequence"], answer: answer,
            reason: try row["reason"], by: try row["byWhom"], via: try row["via"], answeredAt: try row["answeredAt"])
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
