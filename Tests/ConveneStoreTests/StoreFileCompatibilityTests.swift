import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneStore

/// A ledger as the store wrote it when it was built on GRDB (Fixtures/ledger-v8.sqlite:
/// every migration up to v8-sender, a few rows in every table, checkpointed), opened by
/// this version: every row reads back as it was written, and the file takes new rows.
@Suite struct StoreFileCompatibilityTests {
    typealias F = LedgerFixtures

    let directory: TemporaryDirectory
    let path: String

    /// A copy of the fixture, so the test can write to it.
    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-store")
        path = directory.storePath
        try LedgerFixtures.copyLedgerV8(to: path)
    }

    static let invitation = "invitation-a3bc23e04f5bb831"
    static let online = "invitation-21fa5a384642f01b"
    static let reminder = "reminder-d6c74deafec92a31"
    static let chaser = "chaser-bd98b06631188dff"

    @Test func theLedgerReadsBackAsItWasWritten() throws {
        let store = try Store.open(path: path)
        let rows = try store.notifications()
        #expect(rows.map(\.id) == [Self.invitation, Self.online, Self.reminder, Self.chaser])
        #expect(rows.map(\.state) == [.done, .done, .committed, .superseded])
        #expect(rows.map(\.writtenAt) == [1_800_000_000, 1_800_000_100, 1_800_000_200, nil])
        #expect(rows.map(\.lead) == [nil, nil, ISODuration("P14D"), ISODuration("P7D")])
        #expect(rows[0].fileName == "1800000000.\(Self.invitation).convene")
        #expect(rows[3].fileName == nil)
        #expect(rows[0].announced == Announcement(F.inPerson))
        #expect(rows[1].announced == Announcement(F.online))
        #expect(rows[1].forum == "south-parents")
        #expect(rows[2].kind == .reminder)
        #expect(try store.committedNotDone().map(\.id) == [Self.reminder])
        #expect(try store.history().map(\.id) == [Self.invitation, Self.online, Self.reminder, Self.chaser])

        let overrides = try store.overrideHistory()
        #expect(overrides.map(\.id) == [1, 2, 3])
        #expect(
            overrides.map(\.override) == [
                Override(uid: F.inPerson.uid, action: .cancel, reason: "Snow"),
                Override(
                    uid: F.inPerson.uid, action: .move(to: LocalDateTime("2027-03-16T10:00:00")!, venue: "Town Hall"),
                    reason: "Café closed — room moved"),
                Override(uid: F.online.uid, action: .restore, reason: "Back on"),
            ])
        #expect(overrides.map(\.madeBy) == ["jo", "jo", "sam"])
        #expect(overrides.map(\.madeAt) == [1_800_000_300, 1_800_000_400, 1_800_000_500])

        #expect(
            try store.feedTokens(ensuring: [], at: 0) == [
                "north-parents": "ju52hwjylsfxpao4rv2mhrcfuy", "south-parents": "tj3ufry4yk3kfumz6lovtbphmm",
            ])

        let inbound = try store.inbound()
        #expect(inbound.map(\.digest) == ["d4", "d3", "d2", "d1"])
        #expect(inbound.map(\.outcome) == [.quarantine, .needsPerson, .bounce, .answer])
        #expect(inbound.map(\.purgedAt) == [1_800_001_300, nil, nil, nil])
        #expect(inbound[2].messageID == nil)
        #expect(try store.inboundOutcome(messageID: "reply-1@example.org", digest: "d1") == .answer)
        #expect(try store.pendingForwards(since: 0).isEmpty, "forwarded on the second try")
        #expect(try store.inboxFiles(of: "North@example.org").map(\.fileName) == ["1800000700.M1P1.host:2,"])

        #expect(
            try store.answers() == [
                AnswerEntry(
                    forum: "north-parents", occurrence: F.inPerson.uid, sequence: 0, answer: .declined,
                    reason: "Half term — Zoë away", by: "north@example.org", via: "calendar", answeredAt: 1_800_000_700),
                AnswerEntry(
                    forum: "south-parents", occurrence: F.online.uid, sequence: 0, answer: .tentative, reason: nil,
                    by: "jo", via: "coordinator", answeredAt: 1_800_001_100),
            ])
        let attendance = try store.attendance(of: [F.inPerson.uid])
        #expect(
            attendance.attended[F.inPerson.uid]
                == AttendedEntry(
                    occurrence: F.inPerson.uid, came: ["north-parents"], apologies: ["south-parents"],
                    reason: "Sports day", by: "jo", recordedAt: 1_800_001_400))
        #expect(attendance.told == [F.inPerson.uid: ["north-parents": 0]])
        #expect(
            try store.bounces() == [BouncedAddress(forum: "south-parents", address: "old@example.org", bouncedAt: 1_800_000_800)])
        // The bounced address was replaced by new@example.org, which was handed the invitation already.
        #expect(
            try store.resends(contacts: [(forum: "south-parents", address: "new@example.org")], now: 1_800_000_000).isEmpty)
    }

    @Test func theLedgerTakesNewRowsAndKeepsThemAfterReopening() throws {
        let chaser = F.notification(.chaser, F.online, forum: "south-parents", lead: "P2D", due: "2027-03-23T18:30:00")
        do {
            let store = try Store.open(path: path)
            try store.markDone(Self.reminder)
            try store.commit(chaser, fileName: "1800002000.chaser.convene", writtenAt: 1_800_002_000)
            #expect(throws: StoreError.alreadySuperseded(id: Self.chaser)) {
                try store.commit(F.notification(.chaser, lead: "P7D", due: "2027-03-02T10:00:00"), fileName: "x", writtenAt: 1)
            }
            #expect(
                try store.record(Override(uid: F.online.uid, action: .cancel, reason: "Ice"), by: "jo", at: 1_800_002_100) == 4)
            let reply = InboundEntry(
                messageID: "reply-2@example.org", digest: "d5", fileName: "1800002200.M5P1.host:2,",
                receivedAt: 1_800_002_200, outcome: .answer, reason: nil, forum: "south-parents",
                occurrence: F.online.uid, sender: "new@example.org")
            #expect(
                try store.record(
                    reply,
                    answer: AnswerEntry(
                        forum: "south-parents", occurrence: F.online.uid, sequence: 0, answer: .accepted, reason: nil,
                        by: "new@example.org", via: "mail", answeredAt: 1_800_002_200)))
            try store.record(
                AttendedEntry(
                    occurrence: F.online.uid, came: ["south-parents"], apologies: [], reason: nil, by: "sam",
                    recordedAt: 1_800_002_300))
            #expect(try store.forget(contact: "north@example.org", by: "jo", at: 1_800_002_400) == 2)
            #expect(store.checkpointAfterErasure())
        }
        let store = try Store.open(path: path)
        #expect(try store.committedNotDone().map(\.id) == [chaser.id])
        #expect(try store.notifications().count == 5)
        #expect(try store.overrides().count == 4)
        #expect(try store.answers().map(\.by) == ["erased", "jo", "new@example.org"])
        #expect(try store.inbound().count == 5)
        #expect(try store.attendance(of: [F.online.uid]).attended[F.online.uid]?.by == "sam")
        #expect(
            try store.currentAnswers([(forum: "south-parents", occurrence: F.online.uid, sequence: 0)]) == [
                F.online.uid: ["south-parents": .accepted]
            ])
    }

    /// SQLite keeps each table's and index's `CREATE` text in the file: the migrations
    /// written out as SQL must leave the very text the old schema builder left.
    @Test func aLedgerMadeNowHasTheSchemaOfOneMadeThen() throws {
        func schema(_ store: Store) throws -> [String] {
            try store.read("read the schema") { db in
                try db.rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name") { row in
                    try [row["type"], row["name"], row["tbl_name"], row["sql"] ?? "NULL"].joined(separator: " | ")
                }
            }
        }
        func applied(_ store: Store) throws -> [String] {
            try store.read("read the migrations") { db in try db.values("SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        }
        let then = try Store.open(path: path)
        let now = try Store.open(path: directory.path + "/new.sqlite")
        #expect(try schema(now) == schema(then))
        #expect(try schema(now).count == 45, "18 tables, 13 indexes, 10 made for keys and 4 triggers")
        #expect(try applied(then) == StoreSchemaTests.migrations)
        #expect(try applied(now) == applied(then))
    }

    @Test func theLedgerRefusesToOpenOnceANewerVersionHasMigratedIt() throws {
        do {
            let db = try SQLiteConnection(path: path, role: .writer)
            try db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v9-later'), ('v10-later')")
        }
        let error = try #require(throws: StoreError.self) { try Store.open(path: path) }
        #expect(
            error
                == .cannotOpen(
                    path: path,
                    reason: "it was written by a newer version of Convene (migrations unknown here: v10-later, v9-later)"))
        #expect(error.description.hasSuffix("(migrations unknown here: v10-later, v9-later)"))
    }
}
