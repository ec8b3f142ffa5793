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
        let query = try SuggestionQuery.parse(months: "6", top: "3", from: "2027-04")
        return try daemon.read(.suggestions(series: "board", query, reasons: reasons), as: SuggestionsDocument.self)
    }

    /// North Parents' apologies for the January and February boards at 09:30, and its
    /// acceptance of the March board, which the coordinators moved to 10:30.
    static func answer(_ harness: DeliveryRetryTests.Harness) async throws {
        let daemon = harness.daemon
        func meeting(_ day: String) throws -> String {
            try #require(try daemon.store.sentSequences(forum: "north-parents").keys.first { $0.contains(day) })
        }
        func north(_ answer: String, _ uid: String, _ reason: String? = nil) async throws {
            _ = try await daemon.record(
                .answer(uid: uid, AnswerRequest(forum: "north-parents", answer: answer, reason: reason)), by: Self.admin)
        }
        await daemon.round()  // January's invitations
        try await north("declined", try meeting("0112"), "School run")
        harness.clock.advance(19 * 86_400)  // 20 January: February's invitations
        await daemon.round()
        try await north("declined", try meeting("0209"), "School run")
        harness.clock.advance(27 * 86_400)  // 16 February: March's invitations
        await daemon.round()
        let march = try meeting("0309")
        _ = try await daemon.change(
            .move(uid: march, start: "2027-03-09T10:30", venue: nil, reason: "The hall is booked until 10:30"), by: Self.admin,
            dryRun: false)
        await daemon.round()  // the update
        try await north("accepted", march)
    }

    @Test func apologiesForEveryEarlyStartMakeASecondScoreAndRankLaterStartsFirst() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-01T08:00:00", configuration: Self.configuration())
        let before = try Self.suggestions(harness.daemon, reasons: true)
        #expect(before.current.answers == nil, "no answers yet: one score")
        #expect(before.current.forumsAbleAverage == 2)

        try await Self.answer(harness)
        let document = try Self.suggestions(harness.daemon, reasons: true)
        #expect(document.series == "board" && document.from == "2027-04" && document.months == 6 && document.reasonsShown)
        let current = document.current
        #expect(current.forumsAbleAverage == 2, "their stated hours: any time")
        let learned = try #require(current.answers)
        #expect(learned.forumsAbleAverage == 1 && learned.forumsAbleWorst == 1)
        let north = try #require(learned.cannotAttend.first)
        #expect(north.forum == "north-parents" && north.meetings == 6 && north.of == 6)
        #expect(north.why == "sent apologies for every meeting starting before 10:00")
        #expect(north.answers?.map(\.answer) == ["declined", "declined", "accepted"])
        #expect(north.answers?.map(\.reason) == ["School run", "School run", nil])
        #expect(
            north.answers?.map { String($0.start.prefix(16)) } == ["2027-01-12T09:30", "2027-02-09T09:30", "2027-03-09T10:30"])
        #expect(document.forumNames["north-parents"] == "North Parents")
        let best = try #require(document.suggestions.first)
        #expect(best.answers?.forumsAbleAverage == 2 && best.start >= "10:00")
        #expect(best.gains == ["north-parents"], "who gains counts what answers show")

        // Everyone else sees the finding and the answers it rests on, without the reasons.
        let counted = try Self.suggestions(harness.daemon, reasons: false)
        #expect(!counted.reasonsShown)
        #expect(counted.current.answers?.cannotAttend.first?.answers?.allSatisfy { $0.reason == nil } == true)
        #expect(counted.current.answers?.forumsAbleAverage == 1)
    }

    @Test func apologiesWithoutAnAcceptanceShowNoLimitAndAMeetingAnsweredTwiceCountsOnce() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-01T08:00:00", configuration: Self.configuration())
        let daemon = harness.daemon
        func decline(_ day: String, _ reason: String) async throws {
            let uid = try #require(try daemon.store.sentSequences(forum: "north-parents").keys.first { $0.contains(day) })
            _ = try await daemon.record(
                .answer(uid: uid, AnswerRequest(forum: "north-parents", answer: "declined", reason: reason)), by: Self.admin)
        }
        await daemon.round()
        try await decline("0112", "School run")
        harness.clock.advance(19 * 86_400)
        await daemon.round()
        try await decline("0209", "School run")
        try await decline("0209", "Still the school run")
        let slots = try daemon.store.answeredSlots(forums: ["north-parents", "south-parents"], since: 0)
        #expect(slots.map(\.reason) == ["School run", "Still the school run"], "the latest answer about each meeting")
        #expect(try daemon.store.answeredSlots(forums: ["south-parents"], since: 0).isEmpty)
        #expect(try Self.suggestions(daemon, reasons: true).current.answers == nil, "two apologies and no acceptance")
    }

    @Test func anUnknownSeriesIsNotFound() throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-01T08:00:00", configuration: Self.configuration())
        let query = try SuggestionQuery.parse(months: nil, top: nil, from: nil)
        #expect(throws: ControlFailure.self) {
            try harness.daemon.read(.suggestions(series: "nowhere", query, reasons: false), as: SuggestionsDocument.self)
        }
    }
}
