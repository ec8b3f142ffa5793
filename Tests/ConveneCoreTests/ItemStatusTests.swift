import ConveneCore
import Testing

/// The life of an item: which status changes need a reason, and what an item's record
/// adds up to.
@Suite struct ItemStatusTests {
    /// Every change from one status to another: allowed without a reason, or not.
    @Test(arguments: [
        (ItemStatus.open, ItemStatus.inProgress, true),
        (.open, .done, true),
        (.inProgress, .done, true),
        (.open, .wontDo, false),
        (.inProgress, .wontDo, false),
        (.inProgress, .open, false),
        (.done, .open, false),
        (.done, .inProgress, false),
        (.done, .wontDo, false),
        (.wontDo, .done, false),
        (.wontDo, .open, false),
    ])
    func aStepForwardNeedsNoReasonAndEveryOtherChangeDoes(_ from: ItemStatus, _ to: ItemStatus, _ free: Bool) {
        #expect((from.refusal(to: to, reason: nil) == nil) == free, "\(from) → \(to)")
        #expect((from.refusal(to: to, reason: "   ") == nil) == free, "a blank reason is none")
        #expect(from.refusal(to: to, reason: "Families say letters are still late") == nil, "\(from) → \(to) with a reason")
    }

    @Test(arguments: ItemStatus.allCases)
    func aStatusCannotChangeToItself(_ status: ItemStatus) {
        #expect(status.refusal(to: status, reason: "again") == .sameStatus(status))
    }

    @Test func theRefusalSaysWhatIsNeeded() {
        #expect(
            ItemStatus.done.refusal(to: .open, reason: nil)?.description
                == "status: going from done to open needs --reason (kept with the change)")
        #expect(
            ItemStatus.open.refusal(to: .wontDo, reason: nil)?.description.hasPrefix("status: wont_do needs --reason") == true)
    }

    @Test func anItemIsWhatItsEventsAddUpTo() throws {
        let raised = ItemEvent(kind: .raised, at: 100, by: "jo", status: .open)
        let first = ItemEvent(kind: .action, at: 200, by: "jo", owner: .named("Transport team"), due: CivilDate("2027-04-30"))
        let moving = ItemEvent(kind: .status, at: 300, by: "sam", status: .inProgress, note: "Asked for the timetable")
        let second = ItemEvent(kind: .action, at: 400, by: "sam", owner: .officer("send-lead"), due: CivilDate("2027-05-31"))
        var item = Item(
            id: 1, occurrence: "forum-20270309@example.org", forums: ["south", "north"], title: "Late letters", text: nil,
            events: [raised])
        #expect(item.status == .open && item.action == nil && item.firstResponse == nil)
        #expect(item.forums == ["north", "south"])
        #expect(!item.isOverdue(today: CivilDate("2030-01-01")!), "no action, no due date")

        item = Item(
            id: 1, occurrence: item.occurrence, forums: item.forums, title: item.title, text: nil,
            events: [raised, first, moving, second])
        #expect(item.status == .inProgress)
        #expect(item.action?.owner == .officer("send-lead") && item.action?.due == CivilDate("2027-05-31"))
        #expect(item.firstResponse?.at == 200, "the first action was the council's first response")
        #expect(!item.isOverdue(today: CivilDate("2027-05-31")!) && item.isOverdue(today: CivilDate("2027-06-01")!))
        #expect(item.finishedAt == nil)

        let done = ItemEvent(kind: .status, at: 500, by: "sam", status: .done)
        item = Item(
            id: 1, occurrence: item.occurrence, forums: item.forums, title: item.title, text: nil,
            events: item.events + [done])
        #expect(item.status == .done && item.finishedAt == 500)
        #expect(!item.isOverdue(today: CivilDate("2027-06-01")!), "a finished item is never overdue")
    }
}
