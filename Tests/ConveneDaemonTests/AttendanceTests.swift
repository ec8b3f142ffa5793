import ConveneCore
import ConveneDelivery
import ConveneProtocol
import ConveneServer
import ConveneStore
import ConveneTestSupport
import Foundation
import Glibc
import Testing

@testable import ConveneDaemon

/// Who is coming, as coordinators see it: answers from the inbox and by phone, a move
/// that asks again, who came, and the erasure and purge that personal data needs.
@Suite struct AttendanceTests {
    static let admin = Peer(pid: getpid(), uid: getuid(), gid: getgid())
    static let march = AttendanceQuery(range: .month(CalendarMonth(year: 2027, month: 3)!), forum: nil)

    static func attendance(_ daemon: Daemon, reasons: Bool = true, forum: String? = nil) throws -> AttendanceDocument {
        try daemon.read(
            .attendance(AttendanceQuery(range: march.range, forum: forum), reasons: reasons), as: AttendanceDocument.self)
    }

    /// Reads the inbox as the daemon's inbox service does.
    static func readInbox(_ setup: InboxTests.Setup) async {
        #expect(await setup.harness.daemon.readInbox(setup.inbox))
    }

    @Test func anAnswerFromTheInboxShowsWithItsReasonForAdminsOnly() async throws {
        let setup = try await InboxTests.Setup()
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "t1@example.org"), name: "1.A.host")
        await Self.readInbox(setup)
        let document = try Self.attendance(setup.harness.daemon)
        let meeting = try #require(document.meetings.first { $0.uid == setup.march })
        #expect(meeting.counts == .init(declined: 1, noAnswer: 1))
        let north = try #require(meeting.answers.first { $0.forum == "north-parents" })
        #expect(north.answer == .declined && north.current && north.via == "calendar" && north.sequence == 0)
        #expect(north.reason == "It is our AGM that night")
        #expect(meeting.answers.contains { $0.forum == "south-parents" && $0.answer == .noAnswer && $0.current })
        #expect(document.totals.declined == 1 && document.totals.noAnswer == 1 && document.totals.invited == 2)

        let counted = try Self.attendance(setup.harness.daemon, reasons: false)
        #expect(!counted.reasonsShown)
        #expect(counted.meetings.flatMap(\.answers).allSatisfy { $0.reason == nil }, "reasons are for admins only")
        #expect(counted.totals == document.totals)
    }

    @Test func anAnswerTakenByPhoneIsRecordedWithWhoTookIt() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        let recorded = try await daemon.record(
            .answer(uid: setup.march, AnswerRequest(forum: "south-parents", answer: "tentative", reason: "Childcare")),
            by: Self.admin)
        #expect(recorded.summary == "South Parents may come to Forum on Tue 9 Mar 2027.")
        let entry = try #require(try daemon.store.answers(occurrence: setup.march).last)
        #expect(entry.forum == "south-parents" && entry.answer == .tentative && entry.via == "coordinator")
        #expect(entry.by == UnixAccounts.describe(uid: getuid()) && entry.reason == "Childcare")
        let meeting = try #require(try Self.attendance(daemon).meetings.first { $0.uid == setup.march })
        #expect(meeting.answers.contains { $0.forum == "south-parents" && $0.answer == .tentative && $0.current })

        // Refused, with the daemon's words: nothing is recorded.
        func refusal(_ request: AnswerRequest, uid: String? = nil) async -> ChangeRefusal? {
            do {
                _ = try await daemon.record(.answer(uid: uid ?? setup.march, request), by: Self.admin)
                return nil
            } catch {
                return error
            }
        }
        #expect(await refusal(.init(forum: "nowhere", answer: "accepted", reason: nil)) == .noForum("nowhere"))
        #expect(await refusal(.init(forum: "south-parents", answer: "yes", reason: nil)) == .unknownAnswer("yes"))
        #expect(
            await refusal(.init(forum: "south-parents", answer: "accepted", reason: nil), uid: "none@x")
                == .noOccurrence(uid: "none@x"))
        setup.harness.clock.advance(9 * 86_400)  // 10 March: the meeting has taken place
        #expect(
            await refusal(.init(forum: "south-parents", answer: "accepted", reason: nil))
                == .alreadyStarted(uid: setup.march))
        #expect(try daemon.store.answers(occurrence: setup.march).count == 1)
    }

    /// A move sends SEQUENCE 1: the forum's answer to SEQUENCE 0 stays as history, and it
    /// counts as not yet answered until it answers again.
    @Test func aMoveAsksAgainAndKeepsTheEarlierAnswerAsHistory() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "ACCEPTED", id: "t2@example.org"), name: "2.B.host")
        await Self.readInbox(setup)
        _ = try await daemon.change(
            .move(uid: setup.march, start: "2027-03-09T14:00", venue: nil, reason: "The hall is needed"), by: Self.admin,
            dryRun: false)
        await daemon.round()  // the updates go out with SEQUENCE 1
        #expect(try daemon.store.latestSequence(forum: "north-parents", occurrence: setup.march) == 1)
        let meeting = try #require(try Self.attendance(daemon).meetings.first { $0.uid == setup.march })
        let north = meeting.answers.filter { $0.forum == "north-parents" }
        #expect(north.map(\.answer) == [.noAnswer, .accepted])
        #expect(north.map(\.current) == [true, false])
        #expect(meeting.counts == .init(noAnswer: 2))
    }

    @Test func whoCameIsRecordedOnceTheMeetingHasStarted() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        let request = AttendedRequest(came: ["north-parents"], apologies: ["south-parents"])
        await #expect(throws: ChangeRefusal.notYetStarted(uid: setup.march)) {
            try await daemon.record(.attended(uid: setup.march, request), by: Self.admin)
        }
        setup.harness.clock.advance(8 * 86_400 + 3 * 3600)  // 9 March, 11:00
        await #expect(throws: ChangeRefusal.cameAndApologised(["north-parents"])) {
            try await daemon.record(
                .attended(uid: setup.march, AttendedRequest(came: ["north-parents"], apologies: ["north-parents"])),
                by: Self.admin)
        }
        let recorded = try await daemon.record(.attended(uid: setup.march, request), by: Self.admin)
        #expect(recorded.count == 1)
        let document = try Self.attendance(daemon, forum: "north-parents")
        let meeting = try #require(document.meetings.first)
        #expect(meeting.attended?.came == ["north-parents"] && meeting.attended?.apologies == [])
        #expect(document.forum == .init(forum: "north-parents", invited: 1, answered: 0, coming: 0, came: 1))
        #expect(try Self.attendance(daemon).totals.came == 1 && Self.attendance(daemon).totals.apologies == 1)
    }

    @Test func aPurgeDeletesOnlyOldQuarantinedMessagesAndKeepsTheirRecords() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        try setup.deliver(setup.reply(from: "stranger@example.net", partStat: "ACCEPTED", id: "s1@example.net"), name: "3.C.host")
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "ACCEPTED", id: "t3@example.org"), name: "4.D.host")
        await Self.readInbox(setup)
        #expect(setup.files(".Quarantine/cur") == ["3.C.host:2,"])
        let early = try await daemon.record(.purge(PurgeRequest(olderThan: "P90D")), by: Self.admin)
        #expect(early.count == 0 && setup.files(".Quarantine/cur") == ["3.C.host:2,"], "not old enough yet")
        await #expect(throws: ChangeRefusal.unreadableDuration("PT1H")) {
            try await daemon.record(.purge(PurgeRequest(olderThan: "PT1H")), by: Self.admin)
        }
        setup.harness.clock.advance(91 * 86_400)
        let purged = try await daemon.record(.purge(PurgeRequest(olderThan: "P90D")), by: Self.admin)
        #expect(purged.count == 1 && setup.files(".Quarantine/cur").isEmpty)
        #expect(setup.files("cur") == ["4.D.host:2,"], "answers are never purged")
        let inbox = try daemon.read(.inbox(outcome: "quarantine"), as: InboxDocument.self)
        #expect(inbox.messages.count == 1 && inbox.messages[0].file == nil, "the record stays, without its file")
        #expect(inbox.counts.quarantined == 1 && inbox.counts.answers == 1)
    }

    /// An erasure request: the forum's answer stays, the person's reason, address and
    /// message go; the audit names who did it, never whom.
    @Test func forgettingAContactErasesTheirReasonsAndMessages() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "t4@example.org"), name: "5.E.host")
        try setup.deliver(
            "From: north@example.org\nTo: participation@example.org\nMessage-ID: <t5@example.org>\nSubject: Access\n\n"
                + "My son uses a wheelchair; is there a lift?\n", name: "6.F.host")
        try setup.deliver(setup.reply(from: "south@example.org", partStat: "ACCEPTED", id: "t6@example.org"), name: "7.G.host")
        await Self.readInbox(setup)
        #expect(setup.files("cur") == ["5.E.host:2,", "6.F.host:2,", "7.G.host:2,"])
        let forgotten = try await daemon.record(.forget(ForgetRequest(contact: "North@Example.org")), by: Self.admin)
        #expect(forgotten.count == 3, "one answer, two messages")
        let entry = try #require(try daemon.store.answers(occurrence: setup.march).first { $0.forum == "north-parents" })
        #expect(entry.answer == .declined && entry.reason == nil && entry.by == "erased")
        #expect(setup.files("cur") == ["7.G.host:2,"], "their answer and their question are deleted; others' stay")
        let inbox = try daemon.read(.inbox(outcome: nil), as: InboxDocument.self)
        #expect(inbox.messages.filter { $0.file == nil }.count == 2, "the record says the files are gone")
        let ledger = try String(contentsOfFile: setup.harness.work.path + "/ledger.sqlite", encoding: .isoLatin1)
        let log = (try? String(contentsOfFile: setup.harness.work.path + "/ledger.sqlite-wal", encoding: .isoLatin1)) ?? ""
        #expect(!ledger.lowercased().contains("north@example.org"), "the address is gone from the ledger")
        #expect(!log.lowercased().contains("north@example.org"), "and from its log")
        #expect(setup.harness.log.all.allSatisfy { !$0.message.contains("could not be emptied") })
        await #expect(throws: ChangeRefusal.notAnAddress("nobody")) {
            try await daemon.record(.forget(ForgetRequest(contact: "nobody")), by: Self.admin)
        }
    }
}

/// What waits in the inbox shows in the status and the forum's view; a contact whose
/// address bounced stops counting once the configuration has a new address for them.
@Suite struct InboxStatusTests {
    static func bounce(of address: String) -> String {
        """
        From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
        To: participation@example.org
        Message-ID: <dsn-\(address)@mail.example.org>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="r"

        --r
        Content-Type: text/plain

        Your message could not be delivered.
        --r
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mail.example.org

        Final-Recipient: rfc822; \(address)
        Action: failed
        Status: 5.1.1
        --r--

        """
    }

    @Test func quarantineNeedsAPersonAndBouncesAreCountedAndShown() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        try setup.deliver(setup.reply(from: "stranger@example.net", partStat: "ACCEPTED", id: "q@example.net"), name: "1.A.host")
        try setup.deliver(Self.bounce(of: "North@example.org"), name: "2.B.host")
        try setup.deliver(
            "From: north@example.org\nTo: participation@example.org\nMessage-ID: <q2@example.org>\nSubject: Parking?\n\n"
                + "Is there parking at County Hall?\n", name: "3.C.host")
        await AttendanceTests.readInbox(setup)
        let status = try daemon.read(.status, as: StatusDocument.self)
        #expect(status.inbox == .init(quarantined: 1, needsPerson: 1, bouncingContacts: 1))
        #expect(status.summary.hasSuffix("; 1 in quarantine; 1 message needs a person; 1 contact bouncing"), "\(status.summary)")
        let north = try daemon.read(.forum("north-parents"), as: ForumDocument.self)
        #expect(north.contacts.first?.bounced != nil)
        #expect(try daemon.read(.forum("south-parents"), as: ForumDocument.self).contacts.first?.bounced == nil)

        // The admin gives the contact a new address: no longer bouncing.
        var builder = ConfigurationBuilder()
        builder.series = DeliveryRetryTests.configuration().series
        builder.forums[0] = Forum(
            id: "north-parents", name: "North Parents", district: "north",
            contacts: [Contact(name: "Secretary", email: "north.new@example.org")], availability: [])
        await daemon.install(.init(configuration: builder.build(), files: [], loadedAt: setup.harness.clock.value, warnings: []))
        #expect(try daemon.read(.status, as: StatusDocument.self).inbox.bouncingContacts == 0)
        #expect(try daemon.read(.forum("north-parents"), as: ForumDocument.self).contacts.first?.bounced == nil)
    }
}

/// `[privacy] keep_reasons`: a reason older than the setting is erased, the answer kept.
@Suite struct ReasonExpiryTests {
    @Test func reasonsOlderThanTheSettingAreErasedAndTheAnswersKept() async throws {
        let setup = try await InboxTests.Setup()
        let daemon = setup.harness.daemon
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "x1@example.org"), name: "1.A.host")
        await AttendanceTests.readInbox(setup)
        await daemon.expireReasonsIfDue()
        #expect(try daemon.store.answers().first?.reason == "It is our AGM that night", "younger than two years")
        #expect(setup.files("cur") == ["1.A.host:2,"])
        setup.harness.clock.advance(2 * 366 * 86_400)
        await daemon.expireReasonsIfDue()
        let answer = try #require(try daemon.store.answers().first)
        #expect(answer.reason == nil && answer.answer == .declined && answer.forum == "north-parents")
        #expect(setup.files("cur").isEmpty, "the message with the reason in it is deleted too")
        #expect(try daemon.store.inbound().first?.purgedAt != nil, "its record stays")
    }
}
