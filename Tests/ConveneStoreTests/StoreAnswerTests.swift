import ConveneCore
import ConveneStore
import Testing

/// The inbox record and the answers: a message recorded once however often it is seen,
/// its answer with it in one transaction, and answers kept as history.
@Suite struct StoreAnswerTests {
    static func inbound(_ id: String, digest: String = "d1", outcome: InboundEntry.Outcome = .answer) -> InboundEntry {
        InboundEntry(
            messageID: id, digest: digest, fileName: "1.M1P1.host:2,", receivedAt: 100, outcome: outcome,
            reason: nil, forum: "north-parents", occurrence: "forum-20270309@example.org")
    }

    static func answer(_ answer: Answer, sequence: Int = 0, at time: Int = 100) -> AnswerEntry {
        AnswerEntry(
            forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: sequence, answer: answer,
            reason: answer == .declined ? "Half term" : nil, by: "north@example.org", via: "calendar", answeredAt: time)
    }

    @Test func aMessageSeenTwiceIsRecordedOnce() throws {
        let store = try Store.inMemory()
        #expect(try store.record(Self.inbound("m1@x"), answer: Self.answer(.accepted)))
        #expect(try !store.record(Self.inbound("m1@x"), answer: Self.answer(.accepted)), "the same message again")
        #expect(try store.record(Self.inbound("m1@x", digest: "d2"), answer: nil), "other bytes under the same id")
        #expect(try store.answers().count == 1)
        #expect(try store.inbound().count == 2)
        #expect(try store.hasInbound(messageID: "m1@x", digest: "d1"))
    }

    @Test func answersAreKeptInOrderAsHistory() throws {
        let store = try Store.inMemory()
        try store.record(Self.answer(.accepted, at: 100))
        try store.record(Self.answer(.declined, at: 200))
        try store.record(Self.answer(.tentative, sequence: 1, at: 300))
        #expect(try store.answers(occurrence: "forum-20270309@example.org").map(\.answer) == [.accepted, .declined, .tentative])
        #expect(try store.answers(occurrence: "other@example.org").isEmpty)
    }

    @Test func onlyTheQuarantinedAreListedWhenAsked() throws {
        let store = try Store.inMemory()
        try store.record(Self.inbound("a@x"), answer: nil)
        try store.record(Self.inbound("b@x", outcome: .quarantine), answer: nil)
        #expect(try store.inbound(outcome: .quarantine).map(\.messageID) == ["b@x"])
    }
}
