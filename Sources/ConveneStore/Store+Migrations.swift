extension Store {
    /// The schema, one named migration at a time. A migration that has shipped is never
    /// edited: a change is a new migration, so every store upgrades along the same path.
    ///
    /// The statements are the ones GRDB's schema builder wrote for these migrations, to
    /// the byte, as SQLite keeps each table's `CREATE` text in the file: a ledger made
    /// now has the schema of one made then (`StoreFileCompatibilityTests`).
    static var migrator: SQLiteMigrator {
        var migrator = SQLiteMigrator()
        migrator.registerMigration("v1") { db in
            // No CHECK on kind: kinds are only ever added, and a CHECK would need a table
            // rebuild for each. A message that was written has its time and file; a
            // superseded one has neither.
            try db.execute(
                """
                CREATE TABLE "notification" (\
                "id" TEXT PRIMARY KEY NOT NULL, \
                "forum" TEXT NOT NULL, \
                "occurrence" TEXT NOT NULL, \
                "kind" TEXT NOT NULL, \
                "sequence" INTEGER NOT NULL, \
                "lead" TEXT, \
                "due" INTEGER NOT NULL, \
                "state" TEXT NOT NULL CHECK ("state" IN ('committed', 'done', 'superseded')), \
                "writtenAt" INTEGER, \
                "fileName" TEXT, \
                "series" TEXT NOT NULL, \
                "title" TEXT NOT NULL, \
                "start" INTEGER NOT NULL, \
                "end" INTEGER NOT NULL, \
                "venue" TEXT, \
                "online" TEXT, \
                CHECK (("state" = 'superseded') = ("writtenAt" IS NULL AND "fileName" IS NULL)))
                """)
            // The planner's history per occurrence and forum; the audit per forum over time.
            try db.execute(#"CREATE INDEX "notification_on_occurrence_forum" ON "notification"("occurrence", "forum")"#)
            try db.execute(#"CREATE INDEX "notification_on_forum_writtenAt" ON "notification"("forum", "writtenAt")"#)
            // Only a move has a start, and only a move may name a venue.
            try db.execute(
                """
                CREATE TABLE "override" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "uid" TEXT NOT NULL, \
                "action" TEXT NOT NULL CHECK ("action" IN ('cancel', 'move', 'restore')), \
                "moveStart" TEXT, \
                "moveVenue" TEXT, \
                "reason" TEXT NOT NULL, \
                "madeBy" TEXT NOT NULL, \
                "madeAt" INTEGER NOT NULL, \
                CHECK (("action" = 'move') = ("moveStart" IS NOT NULL)), \
                CHECK ("action" = 'move' OR "moveVenue" IS NULL))
                """)
            try db.execute(#"CREATE INDEX "override_on_uid" ON "override"("uid")"#)
        }
        // The planner reads only the meetings still ahead (NotificationPlanner.HistoryNeeded),
        // found by their announced start, so a ledger's years of history are not read on
        // every round.
        migrator.registerMigration("v2") { db in
            // With the occurrence, so finding the meetings announced in a range reads only the index.
            try db.execute(#"CREATE INDEX "notification_on_start" ON "notification"("start", "occurrence")"#)
        }
        // Each forum's public calendar feed is at a secret address: 128 random bits, kept
        // here so they survive restarts, rotated by an admin (the old row is replaced).
        migrator.registerMigration("v3") { db in
            try db.execute(
                """
                CREATE TABLE "feedToken" (\
                "forum" TEXT PRIMARY KEY NOT NULL, \
                "token" TEXT NOT NULL UNIQUE, \
                "madeAt" INTEGER NOT NULL)
                """)
        }
        // Forums' answers, and every message that came into the inbox with what became of
        // it. A message is recorded once (its Message-ID and a digest of its bytes); an
        // answer points at the message it came in, or at none when a coordinator took it.
        migrator.registerMigration("v4") { db in
            try db.execute(
                """
                CREATE TABLE "inbound" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "messageID" TEXT, \
                "digest" TEXT NOT NULL, \
                "fileName" TEXT NOT NULL, \
                "receivedAt" INTEGER NOT NULL, \
                "outcome" TEXT NOT NULL CHECK ("outcome" IN ('answer', 'stale-answer', 'auto-reply', \
                'bounce', 'needs-person', 'quarantine')), \
                "reason" TEXT, \
                "forum" TEXT, \
                "occurrence" TEXT, \
                UNIQUE ("digest", "messageID"))
                """)
            try db.execute(
                """
                CREATE TABLE "answer" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "forum" TEXT NOT NULL, \
                "occurrence" TEXT NOT NULL, \
                "sequence" INTEGER NOT NULL, \
                "answer" TEXT NOT NULL CHECK ("answer" IN ('accepted', 'declined', 'tentative')), \
                "reason" TEXT, \
                "byWhom" TEXT NOT NULL, \
                "via" TEXT NOT NULL CHECK ("via" IN ('calendar', 'mail', 'coordinator')), \
                "answeredAt" INTEGER NOT NULL, \
                "inbound" INTEGER REFERENCES "inbound"("id"))
                """)
            try db.execute(#"CREATE INDEX "answer_on_occurrence" ON "answer"("occurrence", "forum", "sequence")"#)
        }
        migrator.registerMigration("v5-attendance") { db in
            // After a meeting: which forums came and which sent apologies. The latest
            // record for an occurrence stands; earlier ones are its history.
            try db.execute(
                """
                CREATE TABLE "attendance" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "occurrence" TEXT NOT NULL, \
                "came" TEXT NOT NULL, \
                "apologies" TEXT NOT NULL, \
                "reason" TEXT, \
                "byWhom" TEXT NOT NULL, \
                "recordedAt" INTEGER NOT NULL)
                """)
            try db.execute(#"CREATE INDEX "attendance_on_occurrence" ON "attendance"("occurrence")"#)
            // Each address a delivery status notification said failed.
            try db.execute(
                """
                CREATE TABLE "bounce" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "inbound" INTEGER NOT NULL REFERENCES "inbound"("id"), \
                "forum" TEXT NOT NULL, \
                "address" TEXT NOT NULL, \
                "bouncedAt" INTEGER NOT NULL)
                """)
            try db.execute(#"CREATE INDEX "bounce_on_forum" ON "bounce"("forum", "address")"#)
            // A purged quarantined message keeps its record, without its file.
            try db.execute(#"ALTER TABLE "inbound" ADD COLUMN "purgedAt" INTEGER"#)
            try db.execute(#"CREATE INDEX "inbound_on_outcome" ON "inbound"("outcome", "receivedAt")"#)
            // Erasures and purges: who, when, what, how many (never whose).
            try db.execute(
                """
                CREATE TABLE "erasure" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "action" TEXT NOT NULL CHECK ("action" IN ('forget', 'purge', 'expire')), \
                "detail" TEXT NOT NULL, \
                "count" INTEGER NOT NULL, \
                "byWhom" TEXT NOT NULL, \
                "at" INTEGER NOT NULL)
                """)
        }
        migrator.registerMigration("v6-forwarding") { db in
            // A message that needs a person, forwarded to `[inbox] forward_to` through the MTA.
            try db.execute(#"ALTER TABLE "inbound" ADD COLUMN "forwardedAt" INTEGER"#)
            try db.execute(#"ALTER TABLE "inbound" ADD COLUMN "forwardAttempts" INTEGER NOT NULL DEFAULT 0"#)
            try db.execute(#"ALTER TABLE "inbound" ADD COLUMN "forwardError" TEXT"#)
        }
        migrator.registerMigration("v7-handoff") { db in
            // When each forum contact's address was first configured: a bounced address
            // replaced later is told apart from the forum's other contacts.
            try db.execute(
                """
                CREATE TABLE "contact" (\
                "forum" TEXT NOT NULL, \
                "address" TEXT NOT NULL, \
                "firstSeen" INTEGER NOT NULL, \
                PRIMARY KEY ("forum", "address"))
                """)
            // Messages handed to the MTA: one row per message and recipients, so each is
            // handed over once (a resend to a contact's new address, and later every message).
            try db.execute(
                """
                CREATE TABLE "handoff" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "notification" TEXT NOT NULL, \
                "recipients" TEXT NOT NULL, \
                "why" TEXT NOT NULL, \
                "handedOffAt" INTEGER, \
                "attempts" INTEGER NOT NULL DEFAULT 0, \
                "error" TEXT, \
                UNIQUE ("notification", "recipients"))
                """)
        }
        migrator.registerMigration("v8-sender") { db in
            // Who sent each message (its From, lower-cased): an erasure request finds all of
            // a person's messages, answers or not.
            try db.execute(#"ALTER TABLE "inbound" ADD COLUMN "sender" TEXT"#)
            try db.execute(#"CREATE INDEX "inbound_on_sender" ON "inbound"("sender")"#)
        }
        migrator.registerMigration("v9-answers-by-forum") { db in
            // Slot suggestions read a series' invited forums' recent answers.
            try db.execute(#"CREATE INDEX "answer_on_forum_answeredAt" ON "answer"("forum", "answeredAt")"#)
        }
        migrator.registerMigration("v10-items") { db in
            // "You said, we did": what forums raised at a meeting, and every change to it
            // since, as events that are never changed or removed (the triggers refuse).
            try db.execute(
                """
                CREATE TABLE "item" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "occurrence" TEXT NOT NULL, \
                "title" TEXT NOT NULL, \
                "text" TEXT)
                """)
            try db.execute(
                """
                CREATE TABLE "itemForum" (\
                "item" INTEGER NOT NULL REFERENCES "item"("id"), \
                "forum" TEXT NOT NULL, \
                PRIMARY KEY ("item", "forum"))
                """)
            try db.execute(#"CREATE INDEX "itemForum_on_forum" ON "itemForum"("forum")"#)
            try db.execute(
                """
                CREATE TABLE "itemEvent" (\
                "id" INTEGER PRIMARY KEY AUTOINCREMENT, \
                "item" INTEGER NOT NULL REFERENCES "item"("id"), \
                "kind" TEXT NOT NULL CHECK ("kind" IN ('raised', 'action', 'status', 'note')), \
                "at" INTEGER NOT NULL, \
                "byWhom" TEXT NOT NULL, \
                "status" TEXT CHECK ("status" IS NULL OR "status" IN ('open', 'in_progress', 'done', 'wont_do')), \
                "ownerOfficer" TEXT, \
                "ownerName" TEXT, \
                "due" TEXT, \
                "reason" TEXT, \
                "note" TEXT, \
                CHECK ("kind" != 'action' OR ("due" IS NOT NULL AND ("ownerOfficer" IS NULL) != ("ownerName" IS NULL))), \
                CHECK ("kind" != 'status' OR "status" IS NOT NULL))
                """)
            try db.execute(#"CREATE INDEX "itemEvent_on_item" ON "itemEvent"("item", "id")"#)
            // Reminders to officers and forums' monthly digests, written exactly once:
            // committed before the file is published, done once it is.
            try db.execute(
                """
                CREATE TABLE "recordMessage" (\
                "id" TEXT PRIMARY KEY NOT NULL, \
                "kind" TEXT NOT NULL, \
                "recipient" TEXT NOT NULL, \
                "item" INTEGER, \
                "due" INTEGER NOT NULL, \
                "writtenAt" INTEGER NOT NULL, \
                "fileName" TEXT NOT NULL, \
                "state" TEXT NOT NULL CHECK ("state" IN ('committed', 'done')), \
                "covers" INTEGER)
                """)
            for (name, when) in [("itemEvent_never_changed", "UPDATE"), ("itemEvent_never_removed", "DELETE")] {
                try db.execute(
                    """
                    CREATE TRIGGER "\(name)" BEFORE \(when) ON "itemEvent" \
                    BEGIN SELECT RAISE(ABORT, 'the co-production record is kept as it was written'); END
                    """)
            }
        }
        migrator.registerMigration("v11-mail-handoff") { db in
            // `[delivery] sendmail`: every message written to a forum's (or an officer's)
            // folder is also handed to the MTA, once. While `mailHandoffSince` has its row
            // (the hand-off is on), marking a message written queues it in `mailHandoff`
            // in the same transaction, so a crash can neither lose nor repeat the queueing.
            try db.execute(
                """
                CREATE TABLE "mailHandoffSince" (\
                "id" INTEGER PRIMARY KEY CHECK ("id" = 1), \
                "since" INTEGER NOT NULL)
                """)
            // One row per message, in the order written (rowid). `recipients` is how many
            // addresses took it (never the addresses: an erasure has nothing to find here).
            try db.execute(
                """
                CREATE TABLE "mailHandoff" (\
                "message" TEXT PRIMARY KEY NOT NULL, \
                "source" TEXT NOT NULL CHECK ("source" IN ('notification', 'record')), \
                "queuedAt" INTEGER NOT NULL, \
                "state" TEXT NOT NULL DEFAULT 'waiting' CHECK ("state" IN ('waiting', 'handed_off', 'skipped')), \
                "attempts" INTEGER NOT NULL DEFAULT 0, \
                "nextAttemptAt" INTEGER NOT NULL DEFAULT 0, \
                "triedAt" INTEGER, \
                "handedOffAt" INTEGER, \
                "recipients" INTEGER, \
                "exitStatus" INTEGER, \
                "error" TEXT, \
                CHECK (("state" = 'handed_off') = ("handedOffAt" IS NOT NULL)))
                """)
            // The waiting rows, in rowid order, without reading those long handed over.
            try db.execute(#"CREATE INDEX "mailHandoff_waiting" ON "mailHandoff"("state") WHERE "state" = 'waiting'"#)
            for (table, source) in [("notification", "notification"), ("recordMessage", "record")] {
                try db.execute(
                    """
                    CREATE TRIGGER "\(table)_queues_mail_handoff" AFTER UPDATE OF "state" ON "\(table)" \
                    WHEN NEW."state" = 'done' AND OLD."state" = 'committed' AND EXISTS (SELECT 1 FROM "mailHandoffSince") \
                    BEGIN INSERT OR IGNORE INTO "mailHandoff" ("message", "source", "queuedAt") \
                    VALUES (NEW."id", '\(source)', NEW."writtenAt"); END
                    """)
            }
        }
        // Later migrations go here, below the ones that have shipped, in plain SQL.
        return migrator
    }

    /// Migrations the file records that this version does not have.
    static func unknownMigrations(_ db: SQLiteConnection) throws -> [String] {
        let known = Set(migrator.identifiers)
        return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }
    }
}
