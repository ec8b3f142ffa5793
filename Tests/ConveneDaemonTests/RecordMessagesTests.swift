import ConveneCore
import ConveneDelivery
import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Foundation
import Glibc
import Testing

@testable import ConveneDaemon
@testable import ConveneStore

/// Three months of the daemon's test clock: items raised after two meetings, actions due
/// and overdue; owners' reminders and the monthly digests arrive in the right folders,
/// each exactly once, and a crash between the ledger and the folder loses nothing.
@Suite struct RecordMessagesTests {
    static let admin = Peer(pid: getpid(), uid: getuid(), gid: getgid())

    static func files(_ harness: DeliveryRetryTests.Harness, _ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: harness.work.path + "/spool/\(folder)/new")) ?? []).sorted()
    }

    static func digests(_ harness: DeliveryRetryTests.Harness, _ forum: String) -> [String] {
        files(harness, forum).filter { $0.contains(".digest-") }
    }

    static func text(_ harness: DeliveryRetryTests.Harness, _ folder: String, _ name: String) throws -> String {
        let raw = try String(contentsOfFile: harness.work.path + "/spool/\(folder)/new/\(name)", encoding: .utf8)
        // Quoted-printable, soft line breaks and all.
        var bytes: [UInt8] = []
        var input = Array(raw.replacingOccurrences(of: "=\r\n", with: "").utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "="), input.count >= 2,
                let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        // Folded headers and wrapped lines read as one line each, for the checks.
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n  ", with: " ")
    }

    /// `text` with every run of white space as one space.
    static func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    func advance(_ harness: DeliveryRetryTests.Harness, to time: String) async {
        let target = DeliveryRetryTests.instant(time)
        harness.clock.advance(target - harness.clock.value)
        await harness.daemon.round()
    }

    @Test func remindersAndDigestsArriveInTheRightFoldersExactlyOnce() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-12T12:30:00")
        let daemon = harness.daemon
        await daemon.round()
        let january = try await ItemsTests.meeting(harness, in: "2027-01")
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: january, forums: ["north-parents"], title: "Letters about transport come late")),
            by: Self.admin)
        _ = try await daemon.item(.action(item: 1, ActionRequest(owner: "send-lead", due: "2027-02-05")), by: Self.admin)
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: january, forums: ["south-parents"], title: "No ramp at the library")), by: Self.admin)
        _ = try await daemon.item(.action(item: 2, ActionRequest(owner: "Libraries team", due: "2027-02-20")), by: Self.admin)
        await daemon.round()
        #expect(Self.files(harness, "_officers/send-lead").isEmpty, "nothing is due yet")

        // A week before the first action's due date: its owner is reminded, once.
        await advance(harness, to: "2027-01-29T09:00:00")
        await daemon.round()
        let soon = Self.files(harness, "_officers/send-lead")
        #expect(soon.count == 1 && soon[0].contains(".soon-1-send-lead-2027-02-05."))
        let reminder = try Self.text(harness, "_officers/send-lead", soon[0])
        #expect(reminder.contains("To: \"Priya Shah, Head of SEND\" <send.lead@example.org>"))
        #expect(reminder.contains("Subject: Action due on Friday 5 February 2027: Letters about transport come late"))
        #expect(Self.flat(reminder).contains("It is due on Friday 5 February 2027, in 7 days."))

        // The first working day of February: every forum's letter.
        await advance(harness, to: "2027-02-01T09:00:00")
        #expect(Self.digests(harness, "north-parents").count == 1 && Self.digests(harness, "south-parents").count == 1)
        let north = try Self.text(harness, "north-parents", Self.digests(harness, "north-parents")[0])
        #expect(north.contains("Subject: You said, we did: February 2027"))
        #expect(north.contains("What you raised") && north.contains("What other forums raised"))
        #expect(
            Self.flat(north).contains(
                "Priya Shah, Head of SEND, will take this forward, aiming to finish by Friday 5 February 2027."))
        #expect(!north.contains(january) && !north.contains("item 1"), "no codes or ids in a letter parents read")

        // The day after the due date: overdue; then the February meeting and progress.
        await advance(harness, to: "2027-02-06T09:00:00")
        #expect(Self.files(harness, "_officers/send-lead").count == 2)
        await advance(harness, to: "2027-02-09T13:00:00")
        let february = try await ItemsTests.meeting(harness, in: "2027-02")
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: february, forums: ["north-parents", "south-parents"], title: "Short breaks forms")),
            by: Self.admin)
        _ = try await daemon.item(
            .status(item: 1, StatusRequest(status: "done", note: "Letters now go three weeks ahead")), by: Self.admin)

        await advance(harness, to: "2027-03-01T09:00:00")
        await daemon.round()
        #expect(Self.digests(harness, "north-parents").count == 2 && Self.digests(harness, "south-parents").count == 2)
        let march = try Self.text(harness, "north-parents", Self.digests(harness, "north-parents")[1])
        let flat = Self.flat(march)
        #expect(flat.contains("Done on Tuesday 9 February 2027."))
        #expect(flat.contains("Latest news: Letters now go three weeks ahead"))
        #expect(flat.contains("You and South Parents raised this at the Forum on Tuesday 9 February 2027."))
        #expect(flat.contains("Libraries team aimed to finish this by Saturday 20 February 2027. It is late."))
        #expect(!flat.contains("asked for an update"), "the Libraries team is not an officer, so nobody asked")

        // Nothing changed since March's letters: none in April, and no reminder again.
        await advance(harness, to: "2027-04-01T09:00:00")
        #expect(Self.digests(harness, "north-parents").count == 2)
        #expect(Self.files(harness, "_officers/send-lead").count == 2)
        let rows = try daemon.store.read("count") { db in try db.values("SELECT state FROM recordMessage") as [String] }
        #expect(rows.count == 6 && rows.allSatisfy { $0 == "done" })
    }

    @Test func aReminderThatCannotBeWrittenIsTriedAgainUntilItIs() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-12T12:30:00")
        let daemon = harness.daemon
        let january = try await ItemsTests.meeting(harness, in: "2027-01")
        // A plain file where the officer's folder should be: every write into it fails.
        try FileManager.default.createDirectory(atPath: harness.work.path + "/spool/_officers", withIntermediateDirectories: true)
        let blocked = harness.work.path + "/spool/_officers/send-lead"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data("not a folder".utf8))
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: january, forums: ["north-parents"], title: "Late")), by: Self.admin)
        _ = try await daemon.item(.action(item: 1, ActionRequest(owner: "send-lead", due: "2027-01-15")), by: Self.admin)
        let armed = await daemon.round()
        #expect(try daemon.store.recordMessagesSent().ids.isEmpty, "nothing recorded as written")
        #expect(armed == DeliveryRetryTests.instant("2027-01-12T12:35:00"), "tried again in five minutes")
        try FileManager.default.removeItem(atPath: blocked)
        await advance(harness, to: "2027-01-12T12:35:00")
        #expect(Self.files(harness, "_officers/send-lead").count == 1)
    }

    @Test func aCrashBetweenTheLedgerAndTheFolderIsFinishedOnceAtTheNextStart() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-12T12:30:00")
        let daemon = harness.daemon
        await daemon.round()
        let january = try await ItemsTests.meeting(harness, in: "2027-01")
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: january, forums: ["north-parents"], title: "Late letters")), by: Self.admin)
        // As a crash would leave it: the digest staged in tmp/ and committed, not yet in new/.
        let configuration = await daemon.source.configuration
        let spool = await daemon.spool
        let delivery = RecordDelivery(store: daemon.store, spool: spool, configuration: configuration)
        let now = DeliveryRetryTests.instant("2027-02-01T09:00:00")
        let message = RecordMessage(
            id: "digest-north-parents-2027-02", kind: .digest, recipient: "north-parents", due: now, item: nil,
            month: CivilDate("2027-02-01"))
        let staged = try spool.stage(
            delivery.letter.render(message, items: try daemon.store.items(), meetings: [:], writtenAt: now),
            forum: "north-parents", notificationID: message.id, writtenAt: now)
        try daemon.store.commitRecordMessages([(message, staged.fileName)], writtenAt: now)
        #expect(Self.digests(harness, "north-parents").isEmpty)

        // The next start finishes it (the meetings' own recovery leaves the staged digest
        // alone), and the planner does not write it again.
        _ = try await daemon.delivery.recover()
        #expect(try delivery.recover().finished == 1)
        await advance(harness, to: "2027-02-01T09:00:00")
        await daemon.round()
        #expect(Self.digests(harness, "north-parents") == [staged.fileName])
        #expect(Self.digests(harness, "south-parents").count == 1)
        #expect(try daemon.store.recordMessagesPending().isEmpty)
    }
}
