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

    /// What the planner reads: per forum and meeting the highest SEQUENCE answered, for
    /// the meetings it names and any meeting a forum was told starts in the range.
    @Test func whoAnsweredIsReadForTheMeetingsThePlanNeeds() throws {
        let store = try Store.inMemory()
        let march = "forum-20270309@example.org"
        try store.record(Self.answer(.accepted, at: 100))
        try store.record(Self.answer(.declined, sequence: 2, at: 200))
        try store.record(Self.answer(.tentative, sequence: 1, at: 300))
        let south = AnswerEntry(
            forum: "south-parents", occurrence: LedgerFixtures.online.uid, sequence: 0, answer: .accepted, reason: nil,
            by: "south@example.org", via: "mail", answeredAt: 400)
        try store.record(south)
        // The online meeting is named by no plan below, but a forum was told it starts on 25 March.
        let told = LedgerFixtures.notification(.invitation, LedgerFixtures.online, forum: "south-parents")
        try store.commit(told, fileName: LedgerFixtures.fileName(told, at: 1), writtenAt: 1)

        let named = try store.answered(.init(occurrences: [march], announced: 0..<0))
        #expect(named.hasAnswered(forum: "north-parents", occurrence: march, atOrAfter: 2))
        #expect(!named.hasAnswered(forum: "north-parents", occurrence: march, atOrAfter: 3))
        #expect(!named.hasAnswered(forum: "south-parents", occurrence: march, atOrAfter: 0))
        #expect(!named.hasAnswered(forum: "south-parents", occurrence: LedgerFixtures.online.uid, atOrAfter: 0))

        let window = LedgerFixtures.instant("2027-03-20T00:00:00")..<LedgerFixtures.instant("2027-04-01T00:00:00")
        let announced = try store.answered(.init(occurrences: [], announced: window))
        #expect(announced.hasAnswered(forum: "south-parents", occurrence: LedgerFixtures.online.uid, atOrAfter: 0))
        #expect(!announced.hasAnswered(forum: "north-parents", occurrence: march, atOrAfter: 0))
        #expect(try store.answered(.init(occurrences: [], announced: 0..<0)).isEmpty)
    }

    @Test func onlyTheQuarantinedAreListedWhenAsked() throws {
        let store = try Store.inMemory()
        try store.record(Self.inbound("a@x"), answer: nil)
        try store.record(Self.inbound("b@x", outcome: .quarantine), answer: nil)
        #expect(try store.inbound(outcome: .quarantine).map(\.messageID) == ["b@x"])
    }
}
