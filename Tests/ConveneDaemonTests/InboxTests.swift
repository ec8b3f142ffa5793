import ConveneCore
import ConveneDelivery
import ConveneInbox
import ConveneStore
import Foundation
import Testing

@testable import ConveneDaemon

/// The inbox with real invitations written by the daemon and answers dropped into its
/// Maildir as an MTA would: each message recorded once and moved once, answers kept.
@Suite struct InboxTests {
    struct Setup {
        let harness: DeliveryRetryTests.Harness
        let inbox: Inbox
        let march: String

        init(configuration: Configuration = DeliveryRetryTests.configuration()) async throws {
            harness = try DeliveryRetryTests.Harness(at: "2027-03-01T08:00:00", configuration: configuration)
            await harness.daemon.round()  // the March invitations go out
            inbox = Inbox(root: harness.work.path + "/inbox", store: harness.daemon.store)
            try inbox.prepare()
            march = try #require(
                try harness.daemon.store.sentSequences(forum: "north-parents").keys.first { $0.contains("0309") })
        }

        /// Delivers `text` into new/ as the MTA does (written in tmp/, renamed into new/).
        func deliver(_ text: String, name: String) throws {
            let tmp = inbox.root + "/tmp/" + name
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: URL(fileURLWithPath: tmp))
            try FileManager.default.moveItem(atPath: tmp, toPath: inbox.root + "/new/" + name)
        }

        func files(_ folder: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: inbox.root + "/" + folder)) ?? []).sorted()
        }

        func reply(from: String, partStat: String, id: String) -> String {
            """
            From: Secretary <\(from)>
            To: participation@example.org
            Subject: Declined: Forum
            Message-ID: <\(id)>
            MIME-Version: 1.0
            Content-Type: text/calendar; charset=utf-8; method=REPLY

            BEGIN:VCALENDAR
            METHOD:REPLY
            BEGIN:VEVENT
            UID:\(march)
            SEQUENCE:0
            ATTENDEE;PARTSTAT=\(partStat):mailto:\(from)
            COMMENT:It is our AGM that night
            END:VEVENT
            END:VCALENDAR

            """
        }
    }

    @Test func anAnswerIsRecordedAndTheMessageMovedToCur() async throws {
        let setup = try await Setup()
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "a1@example.org"), name: "1.A.host")
        let names = try setup.inbox.waiting()
        #expect(names == ["1.A.host"])
        let handled = try setup.inbox.handle(names[0], configuration: DeliveryRetryTests.configuration(), now: 1000)
        guard case .answer(let answer)? = handled.outcome else {
            Issue.record("\(String(describing: handled.outcome))")
            return
        }
        #expect(answer.forum == "north-parents" && answer.answer == .declined && answer.reason == "It is our AGM that night")
        #expect(setup.files("new").isEmpty && setup.files("cur") == ["1.A.host:2,"])
        #expect(try setup.harness.daemon.store.answers(occurrence: setup.march).map(\.answer) == [.declined])
    }

    @Test func theSameMessageDeliveredTwiceCountsOnce() async throws {
        let setup = try await Setup()
        let reply = setup.reply(from: "north@example.org", partStat: "ACCEPTED", id: "a2@example.org")
        try setup.deliver(reply, name: "1.A.host")
        try setup.deliver(reply, name: "2.B.host")
        for name in try setup.inbox.waiting() {
            _ = try setup.inbox.handle(name, configuration: DeliveryRetryTests.configuration(), now: 1000)
        }
        #expect(try setup.harness.daemon.store.answers(occurrence: setup.march).count == 1)
        #expect(try setup.harness.daemon.store.inbound().count == 1)
        #expect(setup.files("cur") == ["1.A.host:2,", "2.B.host:2,"], "both files end in cur/, neither is lost")
    }

    @Test func anUntrustedMessageGoesToQuarantineWithItsReason() async throws {
        let setup = try await Setup()
        try setup.deliver(setup.reply(from: "stranger@example.net", partStat: "ACCEPTED", id: "s@example.net"), name: "3.C.host")
        try setup.deliver("not a message at all", name: "4.D.host")
        for name in try setup.inbox.waiting() {
            _ = try setup.inbox.handle(name, configuration: DeliveryRetryTests.configuration(), now: 1000)
        }
        #expect(setup.files(".Quarantine/cur") == ["3.C.host:2,", "4.D.host:2,"] && setup.files("cur").isEmpty)
        let reasons = try setup.harness.daemon.store.inbound(outcome: .quarantine).compactMap(\.reason).sorted()
        #expect(
            reasons == [
                "the message is malformed: it has no From or Message-ID header",
                "the sender is not a contact of any forum",
            ])
        #expect(try setup.harness.daemon.store.answers().isEmpty)
    }

    /// The forum's answer is what its contacts' calendars show in the next message about
    /// the meeting; the other forum is still asked.
    @Test func theNextMessageCarriesTheForumsAnswer() async throws {
        let setup = try await Setup()
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "a4@example.org"), name: "6.F.host")
        _ = try setup.inbox.handle("6.F.host", configuration: DeliveryRetryTests.configuration(), now: 1000)
        let before = Set(setup.harness.delivered("north-parents") + setup.harness.delivered("south-parents"))
        setup.harness.clock.advance(6 * 86_400 + 2 * 3600)  // Sunday 7 March, 10:00: the 2-day reminders
        await setup.harness.daemon.round()
        func calendar(_ forum: String) throws -> String {
            let folder = setup.harness.work.path + "/spool/\(forum)/new/"
            let name = try #require(setup.harness.delivered(forum).first { !before.contains($0) })
            let raw = try String(contentsOfFile: folder + name, encoding: .utf8)
            return raw.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
                .replacingOccurrences(of: "\r\n ", with: "")
        }
        #expect(try calendar("north-parents").contains(";PARTSTAT=DECLINED;RSVP=TRUE:mailto:north@example.org"))
        #expect(try calendar("south-parents").contains(";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:south@example.org"))
    }

    /// A crash after the ledger commit and before the move: the next pass only moves it.
    @Test func aMessageRecordedBeforeACrashIsOnlyMovedAfterIt() async throws {
        let setup = try await Setup()
        let reply = setup.reply(from: "north@example.org", partStat: "TENTATIVE", id: "a3@example.org")
        try setup.deliver(reply, name: "5.E.host")
        _ = try setup.inbox.handle("5.E.host", configuration: DeliveryRetryTests.configuration(), now: 1000)
        // As if the move had not happened: the same file back in new/.
        try FileManager.default.moveItem(
            atPath: setup.inbox.root + "/cur/5.E.host:2,", toPath: setup.inbox.root + "/new/5.E.host")
        let again = try setup.inbox.handle("5.E.host", configuration: DeliveryRetryTests.configuration(), now: 2000)
        #expect(again.outcome == nil)
        #expect(setup.files("cur") == ["5.E.host:2,"] && setup.files("new").isEmpty)
        #expect(try setup.harness.daemon.store.answers().count == 1)
    }
}

/// What is not a message file (a link, a named pipe, a folder, a file the daemon may not
/// read) goes to quarantine with its reason and never holds up the messages after it.
@Suite struct InboxOddFileTests {
    @Test func aLinkAPipeAndAFolderAreQuarantinedAndTheAnswerAfterThemIsRecorded() async throws {
        let setup = try await InboxTests.Setup()
        let new = setup.inbox.root + "/new/"
        #expect(symlink("/etc/passwd", new + "1.link.host") == 0)
        #expect(mkfifo(new + "2.pipe.host", 0o600) == 0)
        #expect(mkdir(new + "3.folder.host", 0o700) == 0)
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "ACCEPTED", id: "o1@example.org"), name: "4.A.host")
        #expect(await setup.harness.daemon.readInbox(setup.inbox))
        #expect(setup.files("new").isEmpty)
        #expect(setup.files(".Quarantine/cur") == ["1.link.host:2,", "2.pipe.host:2,", "3.folder.host:2,"])
        #expect(setup.files("cur") == ["4.A.host:2,"])
        let reasons = try setup.harness.daemon.store.inbound(outcome: .quarantine).compactMap(\.reason).sorted()
        #expect(reasons == ["it is a symbolic link, not a message", "it is not a regular file", "it is not a regular file"])
        #expect(try setup.harness.daemon.store.answers().map(\.answer) == [.accepted])
    }
}
