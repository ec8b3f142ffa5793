import ConveneCore
import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Foundation
import Glibc
import Testing

@testable import ConveneDaemon

/// The daemon's suggestions: the same scheduler as offline, plus what forums' answers in
/// the ledger show they cannot do, with reasons for admins only.
@Suite struct SuggestionsTests {
    static let admin = Peer(pid: getpid(), uid: getuid(), gid: getgid())

    /// A board on the 2nd Tuesday at 09:30 for North and South Parents (no stated hours).
    static func configuration() -> Configuration {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series("board", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T09:30:00", minutes: 90)
        ]
        return builder.build()
    }

    static func suggestions(_ daemon: Daemon, reasons: Bool) throws -> SuggestionsDocument {
        let query = try SuggestionQuery.parse(months: "6", top: "3", from: "2027-03")
        return try daemon.read(.suggestions(series: "board", query, reasons: reasons), as: SuggestionsDocument.self)
    }

    /// North Parents' apologies for the January and February boards, both at 09:30.
    static func apologise(_ harness: DeliveryRetryTests.Harness) async throws {
        let daemon = harness.daemon
        await daemon.round()  // January's invitations
        for month in ["0112", "0209"] {
            if month == "0209" {
                harness.clock.advance(19 * 86_400)  // 20 January: February's invitations go out
                await daemon.round()
            }
            let uid = try #require(try daemon.store.sentSequences(forum: "north-parents").keys.first { $0.contains(month) })
            _ = try await daemon.record(
                .answer(uid: uid, AnswerRequest(forum: "north-parents", answer: "declined", reason: "School run")), by: Self.admin
            )
        }
    }

    @Test func apologiesForEveryEarlyStartMakeASecondScoreAndRankLaterStartsFirst() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-01T08:00:00", configuration: Self.configuration())
        let before = try Self.suggestions(harness.daemon, reasons: true)
        #expect(before.current.answers == nil, "no answers yet: one score")
        #expect(before.current.forumsAbleAverage == 2)

        try await Self.apologise(harness)
        let document = try Self.suggestions(harness.daemon, reasons: true)
        #expect(document.series == "board" && document.from == "2027-03" && document.months == 6 && document.reasonsShown)
        let current = document.current
        #expect(current.forumsAbleAverage == 2, "their stated hours: any time")
        let learned = try #require(current.answers)
        #expect(learned.forumsAbleAverage == 1 && learned.forumsAbleWorst == 1)
        let north = try #require(learned.cannotAttend.first)
        #expect(north.forum == "north-parents" && north.meetings == 6 && north.of == 6)
        #expect(north.why == "its answers show it cannot come to meetings starting before 09:45")
        #expect(north.answers?.map(\.answer) == ["declined", "declined"])
        #expect(north.answers?.map(\.reason) == ["School run", "School run"])
        #expect(north.answers?.first?.start == "2027-01-12T09:30:00+00:00")
        #expect(document.forumNames["north-parents"] == "North Parents")
        let best = try #require(document.suggestions.first)
        #expect(best.answers?.forumsAbleAverage == 2 && best.start >= "09:45")

        // Everyone else sees the finding and the answers it rests on, without the reasons.
        let counted = try Self.suggestions(harness.daemon, reasons: false)
        #expect(!counted.reasonsShown)
        #expect(counted.current.answers?.cannotAttend.first?.answers?.allSatisfy { $0.reason == nil } == true)
        #expect(counted.current.answers?.forumsAbleAverage == 1)
    }

    @Test func anUnknownSeriesIsNotFound() throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-01T08:00:00", configuration: Self.configuration())
        let query = try SuggestionQuery.parse(months: nil, top: nil, from: nil)
        #expect(throws: ControlFailure.self) {
            try harness.daemon.read(.suggestions(series: "nowhere", query, reasons: false), as: SuggestionsDocument.self)
        }
    }
}
