import ConveneCore
import GRDB

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
                let list = Array(chunk)
                let marks = databaseQuestionMarks(count: list.count)
                let arguments = StatementArguments(list)
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT forum, occurrence, sequence, answer, reason, byWhom, via, answeredAt FROM answer
                        WHERE occurrence IN (\(marks)) ORDER BY id
                        """, arguments: arguments)
                {
                    if let entry = Self.answerEntry(row) { ledger.answers.append(entry) }
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT occurrence, forum, MAX(sequence) AS sequence FROM notification
                        WHERE occurrence IN (\(marks)) AND state != 'superseded' GROUP BY occurrence, forum
                        """, arguments: arguments)
                {
                    ledger.told[row["occurrence"], default: [:]][row["forum"]] = row["sequence"]
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT occurrence, came, apologies, reason, byWhom, recordedAt FROM attendance
                        WHERE occurrence IN (\(marks)) ORDER BY id
                        """, arguments: arguments)
                {
                    let entry = AttendedEntry(
                        occurrence: row["occurrence"], came: Self.list(row["came"]), apologies: Self.list(row["apologies"]),
                        reason: row["reason"], by: row["byWhom"], recordedAt: row["recordedAt"])
                    ledger.attended[entry.occurrence] = entry
                }
            }
            return ledger
        }
    }

    /// Records who came and who sent apologies; an earlier record of the meeting stays as history.
    public func record(_ attended: AttendedEntry) throws {
        try write("record who came") { db in
            try db.execute(
                sql: """
                    INSERT INTO attendance (occurrence, came, apologies, reason, byWhom, recordedAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attended.occurrence, attended.came.joined(separator: ","), attended.apologies.joined(separator: ","),
                    attended.reason, attended.by, attended.recordedAt,
                ])
        }
    }

    /// Every address a bounce named, with its latest bounce, by forum and address.
    public func bounces() throws -> [BouncedAddress] {
        try read("read the bounces") { db in try Self.bounces(db) }
    }

    static func bounces(_ db: Database) throws -> [BouncedAddress] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT forum, address, MAX(bouncedAt) AS bouncedAt FROM bounce
                GROUP BY forum, address ORDER BY forum, address
                """
        ).map { BouncedAddress(forum: $0["forum"], address: $0["address"], bouncedAt: $0["bouncedAt"]) }
    }

    /// How many recorded messages ended in each outcome (purged ones included).
    public func inboundCounts() throws -> [InboundEntry.Outcome: Int] {
        try read("count the inbox record") { db in
            var counts: [InboundEntry.Outcome: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM inbound GROUP BY outcome") {
                if let outcome = InboundEntry.Outcome(rawValue: row["outcome"]) { counts[outcome] = row["n"] }
            }
            return counts
        }
    }

    /// Messages in quarantine now, and those that need a person received since `since`.
    public func inboxWaiting(needsPersonSince since: Int) throws -> (quarantined: Int, needsPerson: Int) {
        try read("count the inbox record") { db in
            let quarantined =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound WHERE outcome = 'quarantine' AND purgedAt IS NULL")
                ?? 0
            let needsPerson =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM inbound WHERE outcome = 'needs-person' AND receivedAt >= ?",
                    arguments: [since]) ?? 0
            return (quarantined, needsPerson)
        }
    }

    /// Messages that need a person, received since `since`, not yet forwarded: oldest first.
    public func pendingForwards(since: Int) throws
        -> [(id: Int64, fileName: String, forum: String?, reason: String?, receivedAt: Int)]
    {
        try read("read the messages to forward") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, fileName, forum, reason, receivedAt FROM inbound
                    WHERE outcome = 'needs-person' AND forwardedAt IS NULL AND receivedAt >= ? ORDER BY id
                    """, arguments: [since]
            ).map { ($0["id"], $0["fileName"], $0["forum"], $0["reason"], $0["receivedAt"]) }
        }
    }

    /// Records a forward: done at `at`, or failed with `error` (tried again later).
    public func recordForward(_ id: Int64, at now: Int?, error: String?) throws {
        try write("record a forward") { db in
            try db.execute(
                sql: """
                    UPDATE inbound SET forwardedAt = ?, forwardError = ?, forwardAttempts = forwardAttempts + 1
                    WHERE id = ?
                    """, arguments: [now, error, id])
        }
    }

    /// The quarantined messages received before `cutoff` and not yet purged: their file names.
    public func quarantined(before cutoff: Int) throws -> [String] {
        try read("read the quarantine") { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT fileName FROM inbound WHERE outcome = 'quarantine' AND purgedAt IS NULL AND receivedAt < ?
                    ORDER BY id
                    """, arguments: [cutoff])
        }
    }

    /// Marks `files` purged (their records stay, without the files) and audits it.
    public func purged(_ files: [String], olderThan: String, by: String, at now: Int) throws {
        try write("record the purge") { db in
            for file in files {
                try db.execute(
                    sql: "UPDATE inbound SET purgedAt = ? WHERE fileName = ? AND outcome = 'quarantine' AND purgedAt IS NULL",
                    arguments: [now, file])
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
            try Row.fetchAll(
                db,
                sql: """
                    SELECT fileName, outcome = 'quarantine' AS quarantined FROM inbound
                    WHERE purgedAt IS NULL AND (sender = ?1 OR id IN (SELECT inbound FROM bounce WHERE address = ?1))
                    ORDER BY id
                    """, arguments: [address]
            ).map { ($0["fileName"], $0["quarantined"]) }
        }
    }

    /// Erases one person from the ledger: the reasons and their address from the answers
    /// they gave, their address from bounces, hand-offs and the contacts noted, and marks
    /// their messages' files gone (the caller deletes them first). Audited with who did it
    /// and how many, never whose. Returns how many answers and messages it touched.
    public func forget(contact: String, by: String, at now: Int) throws -> Int {
        let address = contact.lowercased()
        let count = try write("forget a contact") { db in
            try db.execute(
                sql: "UPDATE answer SET reason = NULL, byWhom = 'erased' WHERE byWhom = ?", arguments: [address])
            var count = db.changesCount
            try db.execute(
                sql: """
                    UPDATE inbound SET purgedAt = ?2 WHERE purgedAt IS NULL
                        AND (sender = ?1 OR id IN (SELECT inbound FROM bounce WHERE address = ?1))
                    """, arguments: [address, now])
            count += db.changesCount
            try db.execute(sql: "UPDATE inbound SET sender = NULL WHERE sender = ?", arguments: [address])
            try db.execute(sql: "UPDATE bounce SET address = 'erased' WHERE address = ?", arguments: [address])
            try db.execute(
                sql: "UPDATE handoff SET recipients = 'erased ' || id WHERE recipients = ?", arguments: [address])
            try db.execute(sql: "DELETE FROM contact WHERE address = ?", arguments: [address])
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
            try String.fetchAll(
                db,
                sql: """
                    SELECT fileName FROM inbound WHERE outcome != 'quarantine' AND purgedAt IS NULL AND receivedAt < ?
                    ORDER BY id
                    """, arguments: [cutoff])
        }
    }

    /// Marks the filed (not quarantined) messages `files` gone: their records stay.
    public func filedMessagesRemoved(_ files: [String], at now: Int) throws {
        try write("record the removed messages") { db in
            for file in files {
                try db.execute(
                    sql: "UPDATE inbound SET purgedAt = ? WHERE fileName = ? AND outcome != 'quarantine' AND purgedAt IS NULL",
                    arguments: [now, file])
            }
        }
    }

    /// Erases the reasons of answers given before `cutoff` (`[privacy] keep_reasons`).
    @discardableResult
    public func expireReasons(before cutoff: Int, keep: String, at now: Int) throws -> Int {
        try write("erase old reasons") { db in
            try db.execute(
                sql: "UPDATE answer SET reason = NULL WHERE reason IS NOT NULL AND answeredAt < ?", arguments: [cutoff])
            let count = db.changesCount
            if count > 0 {
                try Self.audit("expire", detail: "reasons older than \(keep)", count: count, by: "convened", at: now, db)
            }
            return count
        }
    }

    static func audit(_ action: String, detail: String, count: Int, by: String, at now: Int, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO erasure (action, detail, count, byWhom, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [action, detail, count, by, now])
    }

    static func insertBounces(_ bounces: [BouncedAddress], inbound: Int64, _ db: Database) throws {
        for bounce in bounces {
            try db.execute(
                sql: "INSERT INTO bounce (inbound, forum, address, bouncedAt) VALUES (?, ?, ?, ?)",
                arguments: [inbound, bounce.forum, bounce.address.lowercased(), bounce.bouncedAt])
        }
    }

    static func answerEntry(_ row: Row) -> AnswerEntry? {
        guard let answer = Answer(rawValue: row["answer"]) else { return nil }
        return AnswerEntry(
            forum: row["forum"], occurrence: row["occurrence"], sequence: row["sequence"], answer: answer,
            reason: row["reason"], by: row["byWhom"], via: row["via"], answeredAt: row["answeredAt"])
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
