import ConveneDelivery
import ConveneProtocol
import Testing

@testable import ConveneCore

/// A coordinator's change checked against the schedule, without a daemon: what is
/// refused, and why, in the schedule's own terms.
@Suite struct ProposedChangeTests {
    static let source = ScheduleSource(configuration: DeliveryRetryTests.configuration(), overrides: [], generation: 0)
    /// The meeting on Tuesday 9 March 2027, 10:00.
    static var march: Occurrence {
        source.schedule(from: CivilDate(year: 2027, month: 3, day: 1)!, through: CivilDate(year: 2027, month: 3, day: 31)!)
            .occurrences[0]
    }
    static let beforeIt = DeliveryRetryTests.instant("2027-03-01T08:00:00")

    static let refusals: [(OccurrenceChange, ChangeRefusal)] = [
        (.cancel(uid: "nothing@example.org", reason: "x"), .noOccurrence(uid: "nothing@example.org")),
        (.cancel(uid: march.uid, reason: "  \n"), .noReason),
        (.cancel(uid: march.uid, reason: String(repeating: "a", count: 501)), .reasonTooLong(limit: 500)),
        (.move(uid: march.uid, start: "next Tuesday", venue: nil, reason: "x"), .unreadableStart("next Tuesday")),
        (.move(uid: march.uid, start: "2028-03-09T10:00", venue: nil, reason: "x"), .outsideItsYear(2027)),
        (.move(uid: march.uid, start: "2027-03-10T10:00", venue: "the-moon", reason: "x"), .noVenue("the-moon")),
        (
            .move(uid: march.uid, start: "2027-02-10T10:00", venue: nil, reason: "x"),
            .startHasPassed(LocalDateTime("2027-02-10T10:00:00")!)
        ),
        (.restore(uid: march.uid, reason: ""), .nothingToUndo(uid: march.uid)),
    ]

    @Test(arguments: refusals)
    func aChangeThatCannotBeMadeIsRefusedWithItsReason(change: OccurrenceChange, refusal: ChangeRefusal) {
        #expect(throws: refusal) { try Self.source.propose(change, at: Self.beforeIt, allowingClashes: false) }
    }

    @Test func aMeetingThatHasStartedCanNoLongerBeChanged() {
        let during = DeliveryRetryTests.instant("2027-03-09T10:30:00")
        #expect(throws: ChangeRefusal.alreadyStarted(uid: Self.march.uid)) {
            try Self.source.propose(.cancel(uid: Self.march.uid, reason: "x"), at: during, allowingClashes: false)
        }
    }

    @Test func aCancelIsProposedAndTheScheduleWithItIsNewWhileThisOneIsUnchanged() throws {
        let proposal = try Self.source.propose(
            .cancel(uid: Self.march.uid, reason: " The hall is flooded "),
            at: Self.beforeIt, allowingClashes: false)
        #expect(proposal.override == Override(uid: Self.march.uid, action: .cancel, reason: "The hall is flooded"))
        #expect(proposal.before.status != .cancelled && proposal.after.status == .cancelled)
        #expect(proposal.schedule.occurrence(Self.march.uid)?.status == .cancelled)
        #expect(Self.source.occurrence(Self.march.uid)?.status != .cancelled, "the source itself never changes")
        #expect(throws: ChangeRefusal.alreadyCancelled(uid: Self.march.uid)) {
            try proposal.schedule.propose(
                .cancel(uid: Self.march.uid, reason: "again"), at: Self.beforeIt,
                allowingClashes: false)
        }
    }
}
