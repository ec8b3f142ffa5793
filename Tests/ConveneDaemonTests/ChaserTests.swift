import ConveneCore
import ConveneDelivery
import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneDaemon

/// Chasers through the daemon's work loop with a manual clock: two forums invited to
/// Tue 9 March 2027, 10:00, with `chase = "P5D"` (Thu 4 March, 10:00). A forum whose
/// answer came into the inbox is not chased; the other is, once.
@Suite struct ChaserTests {
    static func configuration() -> Configuration {
        var builder = ConfigurationBuilder()
        builder.notifications = NotificationSettings(chase: .before(ISODuration(days: 5)))
        builder.series = [
            ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU;COUNT=3", start: "2027-01-12T10:00:00")
        ]
        return builder.build()
    }

    static let chaseTime = DeliveryRetryTests.instant("2027-03-04T10:00:00")

    /// The March invitations written on 1 March.
    static func invited() async throws -> (DeliveryRetryTests.Harness, march: String) {
        let harness = try DeliveryRetryTests.Harness(at: "2027-03-01T08:00:00", configuration: configuration())
        let next = await harness.daemon.round()
        #expect(next == chaseTime, "the chasers are next, before the 2-day reminders")
        let march = try #require(
            try harness.daemon.store.sentSequences(forum: "north-parents").keys.first { $0.contains("0309") })
        return (harness, march)
    }

    /// The kinds written to `forum`, read from the messages in its new/.
    static func kinds(_ harness: DeliveryRetryTests.Harness, _ forum: String) throws -> [String] {
        let folder = harness.work.path + "/spool/\(forum)/new/"
        return try harness.delivered(forum).sorted().map { name in
            let text = try String(contentsOfFile: folder + name, encoding: .utf8)
            let header = text.split(separator: "\r\n").first { $0.hasPrefix("X-Convene-Kind: ") }
            return String(header?.dropFirst("X-Convene-Kind: ".count) ?? "?")
        }
    }

    @Test func aForumThatAnswersBeforeTheChaserIsDueGetsNoneAndTheOtherGetsOne() async throws {
        let (harness, march) = try await Self.invited()
        #expect(await harness.daemon.status().nextNotification?.kind == "chaser")
        // North declines from its calendar on 2 March, through the inbox.
        let inbox = Inbox(root: harness.work.path + "/inbox", store: harness.daemon.store)
        try inbox.prepare()
        let reply = """
            From: Secretary <north@example.org>
            To: participation@example.org
            Subject: Declined: Forum
            Message-ID: <north-1@example.org>
            MIME-Version: 1.0
            Content-Type: text/calendar; charset=utf-8; method=REPLY

            BEGIN:VCALENDAR
            METHOD:REPLY
            BEGIN:VEVENT
            UID:\(march)
            SEQUENCE:0
            ATTENDEE;PARTSTAT=DECLINED:mailto:north@example.org
            END:VEVENT
            END:VCALENDAR

            """
        try Data(reply.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .write(to: URL(fileURLWithPath: inbox.root + "/new/1.A.host"))
        let handled = try inbox.handle("1.A.host", configuration: Self.configuration(), now: harness.clock.value)
        guard case .answer? = handled.outcome else {
            Issue.record("not read as an answer: \(String(describing: handled.outcome))")
            return
        }

        harness.clock.advance(Self.chaseTime - harness.clock.value)
        await harness.daemon.round()
        #expect(try Self.kinds(harness, "north-parents") == ["invitation"])
        #expect(try Self.kinds(harness, "south-parents").sorted() == ["chaser", "invitation"])
        let south = try harness.daemon.store.notifications(forum: "south-parents").filter { $0.kind == .chaser }
        #expect(south.map(\.due) == [Self.chaseTime] && south.map(\.state) == [.done])
        #expect(try harness.daemon.store.notifications(forum: "north-parents").allSatisfy { $0.kind != .chaser })

        // Once only; then the 2-day reminders go to both.
        harness.clock.advance(3600)
        await harness.daemon.round()
        #expect(try Self.kinds(harness, "south-parents").count == 2)
        harness.clock.advance(3 * 86_400 - 3600)
        await harness.daemon.round()
        #expect(try Self.kinds(harness, "north-parents").sorted() == ["invitation", "reminder"])
        #expect(try Self.kinds(harness, "south-parents").sorted() == ["chaser", "invitation", "reminder"])
    }

    /// Planned as due, then the forum answers before its batch is written: the chaser is
    /// recorded as superseded and never written; the other forum's goes out.
    @Test func aChaserWhoseForumAnsweredAfterThePlanIsNotWritten() async throws {
        let (harness, march) = try await Self.invited()
        harness.clock.advance(Self.chaseTime - harness.clock.value)
        let plan = try await harness.daemon.source.plan(at: Self.chaseTime, store: harness.daemon.store)
        #expect(plan.due.map(\.kind) == [.chaser, .chaser])
        try harness.daemon.store.record(
            AnswerEntry(
                forum: "north-parents", occurrence: march, sequence: 0, answer: .accepted, reason: nil,
                by: "coordinator", via: "coordinator", answeredAt: Self.chaseTime))

        let report = try await harness.daemon.delivery.deliver(plan.due, now: Self.chaseTime)
        #expect(report.written.map(\.forum) == ["south-parents"])
        #expect(report.withdrawn.map(\.forum) == ["north-parents"])
        #expect(try Self.kinds(harness, "north-parents") == ["invitation"])
        let north = try harness.daemon.store.notifications(forum: "north-parents").filter { $0.kind == .chaser }
        #expect(north.map(\.state) == [.superseded] && north.map(\.writtenAt) == [nil])

        // The work loop finds nothing more to send to either forum.
        await harness.daemon.round()
        #expect(try Self.kinds(harness, "north-parents") == ["invitation"])
        #expect(try Self.kinds(harness, "south-parents").sorted() == ["chaser", "invitation"])
    }
}
