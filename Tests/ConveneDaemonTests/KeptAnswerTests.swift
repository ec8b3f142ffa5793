import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import NIOCore
import Testing

@testable import ConveneDaemon

/// What the control server may answer on its event loop without a task: only answers a
/// snapshot already holds, and never one from a configuration that has been replaced.
@Suite struct KeptAnswerTests {
    @Test func aReadIsKeptOnlyOnceItHasBeenWorkedOutAndThenToTheByte() async throws {
        let harness = try ReloadTests.Harness()
        await harness.daemon.publish()
        let board = harness.daemon.board
        let request = ReadRequest.schedule(ScheduleQuery(range: .nextMonth))
        #expect(board.snapshot.keptAnswer(request) == nil, "nothing is worked out on the event loop")
        let worked = board.snapshot.answer(request)
        let kept = try #require(board.snapshot.keptAnswer(request))
        #expect(kept.body == worked.body && kept.etag == worked.etag && kept.failure == nil)
        #expect(board.snapshot.keptAnswer(.forums(ForumQuery())) == nil, "kept answers are kept one by one")
    }

    @Test func theStatusAndRefusalsNeedNoWorkAndAreAlwaysAtHand() async throws {
        let harness = try ReloadTests.Harness()
        await harness.daemon.publish()
        let snapshot = harness.daemon.board.snapshot
        #expect(snapshot.keptAnswer(.status)?.body == snapshot.answer(.status).body)
        #expect(snapshot.keptAnswer(.forum("nobody"))?.failure == .notFound)
        #expect(snapshot.keptAnswer(.feed(token: String(repeating: "a", count: 26)))?.failure == .notFound)
    }

    @Test func aReloadedConfigurationIsNeverAnsweredFromTheOldOnesKeptAnswers() async throws {
        let harness = try ReloadTests.Harness()
        await harness.daemon.publish()
        let request = ReadRequest.schedule(ScheduleQuery(range: .nextMonth))
        let before = harness.daemon.board.snapshot.answer(request)
        try harness.write(
            ServiceConfiguration.series("weekly", rule: "FREQ=WEEKLY", start: "22:00"),
            to: "meetings/weekly.toml")
        #expect(await harness.daemon.reload().reloaded)
        #expect(harness.daemon.board.snapshot.keptAnswer(request) == nil)
        let after = harness.daemon.board.snapshot.answer(request)
        #expect(after.etag != before.etag && String(buffer: after.body).contains("weekly"))
    }
}
