import ConveneCore
import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Testing

@testable import ConveneDaemon

/// A coordinator moves a meeting the forums were invited to past the months the daemon
/// plans over: the forums are told the new date at once, never that it was cancelled.
@Suite struct MovedMeetingTests {
    static let uid = "forum-20270309@example.org"

    @Test func aMeetingMovedBeyondTheWindowIsAnUpdateNotACancellation() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-03-01T08:00:00")
        await harness.daemon.round()
        #expect(try await kinds(harness) == ["invitation", "invitation"])

        let move = OccurrenceChange.move(uid: Self.uid, start: "2027-08-10T10:00", venue: nil,
                                         reason: "A joint meeting with health in the summer")
        let root = Peer(pid: 1, uid: 0, gid: 0)
        let preview = try await harness.daemon.change(move, by: root, dryRun: true)
        #expect(preview.notifications.map(\.kind) == ["update", "update"], "what the coordinator is shown")
        _ = try await harness.daemon.change(move, by: root, dryRun: false)
        await harness.daemon.round()
        #expect(try await kinds(harness) == ["invitation", "invitation", "update", "update"])
        #expect(harness.delivered("north-parents").count == 2)

        // The old date passes and the new one comes into view: nothing more until the
        // reminders before 10 August.
        for day in ["2027-03-09T10:00:00", "2027-06-01T08:00:00", "2027-07-01T08:00:00"] {
            harness.clock.advance(DeliveryRetryTests.instant(day) - harness.clock.value)
            await harness.daemon.round()
        }
        #expect(try await kinds(harness) == ["invitation", "invitation", "update", "update"])
    }

    /// The kinds of what was written about the meeting (not what was superseded), in order.
    private func kinds(_ harness: DeliveryRetryTests.Harness) async throws -> [String] {
        try await harness.daemon.notifications(forum: nil, occurrence: Self.uid, since: nil).notifications
            .filter { $0.writtenAt != nil }
            .sorted { ($0.sequence, $0.forum) < ($1.sequence, $1.forum) }.map(\.kind)
    }
}
