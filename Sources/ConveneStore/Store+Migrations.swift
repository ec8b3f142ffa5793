import GRDB

extension Store {
    /// The schema, one named migration at a time. A migration that has shipped is never
    /// edited: a change is a new migration, so every store upgrades along the same path.
    /// (No `eraseDatabaseOnSchemaChange`, even in debug builds: the ledger is what
    /// keeps forums from being told twice.)
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Names and values are spelled out here rather than taken from the record types,
        // so later changes to those types cannot change what "v1" did.
        migrator.registerMigration("v1") { db in
            try db.create(table: "notification") { t in
                t.primaryKey("id", .text)
                t.column("forum", .text).notNull()
                t.column("occurrence", .text).notNull()
                // No CHECK on kind: kinds are only ever added, and a CHECK would need a
                // table rebuild for each.
                t.column("kind", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("lead", .text)
                t.column("due", .integer).notNull()
                t.column("state", .text).notNull().check { ["committed", "done", "superseded"].contains($0) }
                t.column("writtenAt", .integer)
                t.column("fileName", .text)
                t.column("series", .text).notNull()
                t.column("title", .text).notNull()
                t.column("start", .integer).notNull()
                t.column("end", .integer).notNull()
                t.column("venue", .text)
                t.column("online", .text)
                // A message that was written has its time and file; a superseded one has neither.
                t.check(sql: #"("state" = 'superseded') = ("writtenAt" IS NULL AND "fileName" IS NULL)"#)
            }
            // The planner's history per occurrence and forum; the audit per forum over time.
            try db.create(
                index: "notification_on_occurrence_forum", on: "notification",
                columns: ["occurrence", "forum"])
            try db.create(
                index: "notification_on_forum_writtenAt", on: "notification",
                columns: ["forum", "writtenAt"])

            try db.create(table: "override") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("uid", .text).notNull().indexed()
                t.column("action", .text).notNull().check { ["cancel", "move", "restore"].contains($0) }
                t.column("moveStart", .text)
                t.column("moveVenue", .text)
                t.column("reason", .text).notNull()
                t.column("madeBy", .text).notNull()
                t.column("madeAt", .integer).notNull()
                // Only a move has a start, and only a move may name a venue.
                t.check(sql: #"("action" = 'move') = ("moveStart" IS NOT NULL)"#)
                t.check(sql: #""action" = 'move' OR "moveVenue" IS NULL"#)
            }
        }
        // The planner reads only the meetings still ahead (NotificationPlanner.HistoryNeeded),
        // found by their announced start, so a ledger's years of history are not read on
        // every round.
        migrator.registerMigration("v2") { db in
            // With the occurrence, so finding the meetings announced in a range reads only the index.
            try db.create(index: "notification_on_start", on: "notification", columns: ["start", "occurrence"])
        }
        // Each forum's public calendar feed is at a secret address: 128 random bits, kept
        // here so they survive restarts, rotated by an admin (the old row is replaced).
        migrator.registerMigration("v3") { db in
            try db.create(table: "feedToken") { t in
                t.primaryKey("forum", .text)
                t.column("token", .text).notNull().unique()
                t.column("madeAt", .integer).notNull()
            }
        }
        // Forums' answers, and every message that came into the inbox with what became of
        // it. A message is recorded once (its Message-ID and a digest of its bytes); an
        // answer points at the message it came in, or at none when a coordinator took it.
        migrator.registerMigration("v4") { db in
            try db.create(table: "inbound") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("messageID", .text)
                t.column("digest", .text).notNull()
                t.column("fileName", .text).notNull()
                t.column("receivedAt", .integer).notNull()
                t.column("outcome", .text).notNull().check {
                    ["answer", "stale-answer", "auto-reply", "bounce", "needs-person", "quarantine"].contains($0)
                }
                t.column("reason", .text)
                t.column("forum", .text)
                t.column("occurrence", .text)
                t.uniqueKey(["digest", "messageID"])
            }
            try db.create(table: "answer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("forum", .text).notNull()
                t.column("occurrence", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("answer", .text).notNull().check { ["accepted", "declined", "tentative"].contains($0) }
                t.column("reason", .text)
                t.column("byWhom", .text).notNull()
                t.column("via", .text).notNull().check { ["calendar", "mail", "coordinator"].contains($0) }
                t.column("answeredAt", .integer).notNull()
                t.column("inbound", .integer).references("inbound")
            }
            try db.create(index: "answer_on_occurrence", on: "answer", columns: ["occurrence", "forum", "sequence"])
        }
        migrator.registerMigration("v5-attendance") { db in
            // After a meeting: which forums came and which sent apologies. The latest
            // record for an occurrence stands; earlier ones are its history.
            try db.create(table: "attendance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("occurrence", .text).notNull().indexed()
                t.column("came", .text).notNull()
                t.column("apologies", .text).notNull()
                t.column("reason", .text)
                t.column("byWhom", .text).notNull()
                t.column("recordedAt", .integer).notNull()
            }
            // Each address a delivery status notification said failed.
            try db.create(table: "bounce") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("inbound", .integer).notNull().references("inbound")
                t.column("forum", .text).notNull()
                t.column("address", .text).notNull()
                t.column("bouncedAt", .integer).notNull()
            }
            try db.create(index: "bounce_on_forum", on: "bounce", columns: ["forum", "address"])
            // A purged quarantined message keeps its record, without its file.
            try db.alter(table: "inbound") { t in t.add(column: "purgedAt", .integer) }
            try db.create(index: "inbound_on_outcome", on: "inbound", columns: ["outcome", "receivedAt"])
            // Erasures and purges: who, when, what, how many (never whose).
            try db.create(table: "erasure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("action", .text).notNull().check { ["forget", "purge", "expire"].contains($0) }
                t.column("detail", .text).notNull()
                t.column("count", .integer).notNull()
                t.column("byWhom", .text).notNull()
                t.column("at", .integer).notNull()
            }
        }
        migrator.registerMigration("v6-forwarding") { db in
            // A message that needs a person, forwarded to `[inbox] forward_to` through the MTA.
            try db.alter(table: "inbound") { t in
                t.add(column: "forwardedAt", .integer)
                t.add(column: "forwardAttempts", .integer).notNull().defaults(to: 0)
                t.add(column: "forwardError", .text)
            }
        }
        migrator.registerMigration("v7-handoff") { db in
            // When each forum contact's address was first configured: a bounced address
            // replaced later is told apart from the forum's other contacts.
            try db.create(table: "contact") { t in
                t.column("forum", .text).notNull()
                t.column("address", .text).notNull()
                t.column("firstSeen", .integer).notNull()
                t.primaryKey(["forum", "address"])
            }
            // Messages handed to the MTA: one row per message and recipients, so each is
            // handed over once (a resend to a contact's new address, and later every message).
            try db.create(table: "handoff") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("notification", .text).notNull()
                t.column("recipients", .text).notNull()
                t.column("why", .text).notNull()
                t.column("handedOffAt", .integer)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("error", .text)
                t.uniqueKey(["notification", "recipients"])
            }
        }
        migrator.registerMigration("v8-sender") { db in
            // Who sent each message (its From, lower-cased): an erasure request finds all of
            // a person's messages, answers or not.
            try db.alter(table: "inbound") { t in t.add(column: "sender", .text) }
            try db.create(index: "inbound_on_sender", on: "inbound", columns: ["sender"])
        }
        // Later migrations go here, below the ones that have shipped.
        return migrator
    }

    /// Migrations the file records that this version does not have.
    static func unknownMigrations(_ db: Database) throws -> [String] {
        guard try db.tableExists("grdb_migrations") else { return [] }
        let known = Set(migrator.migrations)
        return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            .filter { !known.contains($0) }
    }
}
