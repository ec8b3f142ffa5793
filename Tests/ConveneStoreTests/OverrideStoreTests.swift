import ConveneCore
import ConveneTestSupport
import Testing

@testable import ConveneStore

/// The coordinators' overrides: the scheduler's input in the order made, and the
/// audit trail of who decided what, when and why.
@Suite struct OverrideStoreTests {
    let directory: TemporaryDirectory
    let uid = LedgerFixtures.inPerson.uid
    let other = LedgerFixtures.online.uid

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-store")
    }

    private var made: [(Override, String, Int)] {
        [
            (Override(uid: uid, action: .cancel, reason: "County Hall is flooded"), "sam", 1_000),
            (
                Override(
                    uid: other, action: .move(to: LocalDateTime("2027-03-24T18:30:00")!, venue: nil),
                    reason: "Clashes with the school play"), "jo", 2_000
            ),
            (Override(uid: uid, action: .restore, reason: "The water has gone"), "sam", 3_000),
            (
                Override(
                    uid: uid, action: .move(to: LocalDateTime("2027-03-10T14:00:00")!, venue: "south-library"),
                    reason: "Still drying out"), "alex", 4_000
            ),
        ]
    }

    @Test func overridesComeBackInTheOrderMadeWithWhoWhenAndWhy() throws {
        let store = try Store.open(path: directory.storePath)
        var ids: [Int64] = []
        for (override, who, when) in made { ids.append(try store.record(override, by: who, at: when)) }
        #expect(ids == ids.sorted() && Set(ids).count == 4)
        #expect(try store.overrides() == made.map(\.0))

        let trail = try store.overrideHistory(uid: nil)
        #expect(trail.map(\.id) == ids)
        #expect(trail.map(\.madeBy) == ["sam", "jo", "sam", "alex"])
        #expect(trail.map(\.madeAt) == [1_000, 2_000, 3_000, 4_000])
        #expect(trail.map(\.override.reason) == made.map(\.0.reason))
    }

    @Test func aMoveKeepsItsStartAndVenueOrItsLackOfVenue() throws {
        let store = try Store.inMemory()
        for (override, who, when) in made { try store.record(override, by: who, at: when) }
        let moves = try store.overrides().map(\.action).filter { if case .move = $0 { true } else { false } }
        #expect(
            moves == [
                .move(to: LocalDateTime("2027-03-24T18:30:00")!, venue: nil),
                .move(to: LocalDateTime("2027-03-10T14:00:00")!, venue: "south-library"),
            ])
    }

    @Test func theHistoryOfOneOccurrenceLeavesOutTheOthers() throws {
        let store = try Store.open(path: directory.storePath)
        for (override, who, when) in made { try store.record(override, by: who, at: when) }
        let trail = try store.overrideHistory(uid: uid)
        #expect(trail.map(\.override.uid) == [uid, uid, uid])
        #expect(trail.map(\.madeBy) == ["sam", "sam", "alex"])
        #expect(try store.overrideHistory(uid: other).map(\.override.reason) == ["Clashes with the school play"])
        #expect(try store.overrideHistory(uid: "nothing@example.org").isEmpty)
    }

    @Test func overridesSurviveReopeningTheFile() throws {
        do {
            let store = try Store.open(path: directory.storePath)
            for (override, who, when) in made { try store.record(override, by: who, at: when) }
        }
        let store = try Store.open(path: directory.storePath)
        #expect(try store.overrides() == made.map(\.0))
        try store.record(Override(uid: other, action: .cancel, reason: "No room"), by: "jo", at: 5_000)
        #expect(try store.overrideHistory().map(\.id) == [1, 2, 3, 4, 5], "ids go on from where they were")
    }
}
