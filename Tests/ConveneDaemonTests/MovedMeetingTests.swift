import ConveneCore
import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Testing

@testable import ConveneDaemon

/// A coordinator moves a meeting the forums were invited to past the months the daemon
/// plans over, and later moves it again: each time the forums are told the new date at
/// once, never that it was cancelled, and are not invited to it a second time.
@Suite struct MovedMeetingTests {
    static let uid = "forum-20270309@example.org"
    static let root = Peer(pid: 1, uid: 0, gid: 0)

    @Test func aMeetingMovedBeyondTheWindowAndAgainIsUpdatedEachTimeNeverCancelled() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-03-01T08:00:00")
        await harness.daemon.round()
        #expect(try await kinds(harness) == ["invitation", "invitation"])

        let move = OccurrenceChange.move(
            uid: Self.uid, start: "2027-08-10T10:00", venue: nil,
            reason: "A joint meeting with health in the summer")
        let preview = try await harness.daemon.change(move, by: Self.root, dryRun: true)
        #expect(preview.notifications.map(\.kind) == ["update", "update"], "what the coordinator is shown")
        _ = try await harness.daemon.change(move, by: Self.root, dryRun: false)
        await harness.daemon.round()
        #expect(try await kinds(harness) == ["invitation", "invitation", "update", "update"])
        #expect(harness.delivered("north-parents").count == 2)
        #expect(
            try harness.daemon.read(.forum("north-parents"), as: ForumDocument.self).upcoming == 0,
            "no meeting left in the window")

        // In April neither the old date nor either new one is in the window.
        await at("2027-04-15T09:00:00", harness)
        let again = OccurrenceChange.move(
            uid: Self.uid, start: "2027-09-21T10:00", venue: nil,
            reason: "Health cannot make August")
        #expect(
            try await harness.daemon.change(again, by: Self.root, dryRun: true).notifications.map(\.kind)
                == ["update", "update"])
        _ = try await harness.daemon.change(again, by: Self.root, dryRun: false)
        await harness.daemon.round()
        let told = ["invitation", "invitation", "update", "update", "update", "update"]
        #expect(try await kinds(harness) == told)

        // The months pass and the new date comes into view: nothing more until the
        // reminders before 21 September.
        for day in ["2027-05-01T08:00:00", "2027-06-01T08:00:00", "2027-07-01T08:00:00", "2027-08-10T10:00:00"] {
            await at(day, harness)
        }
        #expect(try await kinds(harness) == told)
        #expect(harness.delivered("south-parents").count == 3)
    }

    /// Sets the clock to `day` and runs a round.
    private func at(_ day: String, _ harness: DeliveryRetryTests.Harness) async {
        harness.clock.advance(DeliveryRetryTests.instant(day) - harness.clock.value)
        await harness.daemon.round()
    }

    /// The kinds of what was written about the meeting (not what was superseded), in order.
    private func kinds(_ harness: DeliveryRetryTests.Harness) async throws -> [String] {
        try harness.daemon.read(.notifications(NotificationQuery(occurrence: Self.uid)), as: NotificationsDocument.self)
            .notifications
            .filter { $0.writtenAt != nil }
            .sorted { ($0.sequence, $0.forum) < ($1.sequence, $1.forum) }.map(\.kind)
    }
}
