import ConveneCore
import ConveneTestSupport
import Testing

/// When the co-production record writes: owners' reminders a week before and the day
/// after a due date, and forums' digests on the first working day of the month.
@Suite struct RecordPlannerTests {
    static let configuration = ConfigurationBuilder().build()
    static let zone = configuration.organisation.timeZone

    static func at(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    static func item(_ id: Int, owner: ItemOwner? = .officer("send-lead"), due: String = "2027-04-30", status: ItemStatus = .open)
        -> Item
    {
        var events = [ItemEvent(kind: .raised, at: at("2027-03-09T13:00:00"), by: "jo", status: .open, serial: 1)]
        if let owner {
            events.append(
                ItemEvent(kind: .action, at: at("2027-03-10T09:00:00"), by: "jo", owner: owner, due: CivilDate(due), serial: 2))
        }
        if status != .open {
            events.append(ItemEvent(kind: .status, at: at("2027-03-11T09:00:00"), by: "jo", status: status, serial: 3))
        }
        return Item(
            id: id, occurrence: "forum-20270309@example.org", forums: ["north-parents"], title: "Late letters", text: nil,
            events: events)
    }

    static func plan(_ items: [Item], at now: String, sent: Set<String> = [], toldUpTo: [String: Int] = [:])
        -> RecordPlanner.Plan
    {
        RecordPlanner.plan(items: items, configuration: configuration, now: at(now), sent: sent, toldUpTo: toldUpTo)
    }

    @Test func anOfficerIsRemindedAWeekBeforeAndTheDayAfterTheDueDate() {
        let items = [Self.item(1)]
        let early = Self.plan(items, at: "2027-04-22T12:00:00")
        #expect(early.due.filter { $0.kind != .digest }.isEmpty)
        #expect(early.nextDue == Self.at("2027-04-23T09:00:00"), "09:00 seven days before")
        let week = Self.plan(items, at: "2027-04-23T09:00:00").due.filter { $0.kind != .digest }
        #expect(week.map(\.kind) == [.dueSoon] && week.first?.recipient == "send-lead" && week.first?.item == 1)
        let sent = Set(week.map(\.id))
        #expect(Self.plan(items, at: "2027-04-30T18:00:00", sent: sent).due.filter { $0.kind != .digest }.isEmpty)
        let late = Self.plan(items, at: "2027-05-01T09:00:00", sent: sent).due.filter { $0.kind != .digest }
        #expect(late.map(\.kind) == [.overdue])
        #expect(
            Self.plan(items, at: "2027-06-01T09:00:00", sent: sent.union(late.map(\.id))).due.filter { $0.kind != .digest }
                .isEmpty)
    }

    @Test func aReminderWhoseTimePassedGoesAtOnceButNotAfterTheDueDate() {
        // Given on 26 April for 30 April: the week-before reminder is already due.
        #expect(Self.plan([Self.item(1)], at: "2027-04-26T10:00:00").due.map(\.kind).contains(.dueSoon))
        // Given after the due date: only the overdue one.
        let late = Self.plan([Self.item(1, due: "2027-04-01")], at: "2027-04-26T10:00:00").due.filter { $0.kind != .digest }
        #expect(late.map(\.kind) == [.overdue])
    }

    @Test func nobodyIsRemindedOfAFinishedItemOrAnActionOwnedByName() {
        #expect(Self.plan([Self.item(1, status: .done)], at: "2027-05-01T09:00:00").due.allSatisfy { $0.kind == .digest })
        #expect(
            Self.plan([Self.item(1, owner: .named("Transport team"))], at: "2027-05-01T09:00:00").due.allSatisfy {
                $0.kind == .digest
            })
        #expect(
            Self.plan([Self.item(1, owner: .officer("left-the-council"))], at: "2027-05-01T09:00:00").due.allSatisfy {
                $0.kind == .digest
            })
    }

    @Test(arguments: [
        ("2027-03-01", "2027-03-01"),  // a Monday
        ("2027-05-01", "2027-05-04"),  // Saturday; Monday 3 May is the early May bank holiday
        ("2027-08-01", "2027-08-02"),  // Sunday
        ("2028-01-01", "2028-01-04"),  // New Year's Day is a Saturday: the bank holiday is Monday 3 January
    ])
    func theDigestGoesOnTheFirstWorkingDay(_ month: String, _ day: String) {
        #expect(RecordPlanner.firstWorkingDay(of: CivilDate(month)!, configuration: Self.configuration) == CivilDate(day)!)
    }

    @Test func everyForumGetsADigestWhenTheRecordChangedSinceItsLast() throws {
        let items = [Self.item(1)]
        let april = Self.plan(items, at: "2027-04-01T09:00:00").due.filter { $0.kind == .digest }
        #expect(april.map(\.recipient) == ["north-parents", "south-parents"], "every forum, not only the one that raised it")
        #expect(april.first?.id == "digest-north-parents-2027-04" && april.first?.month == CivilDate("2027-04-01"))
        #expect(Self.plan(items, at: "2027-04-01T08:59:00").due.isEmpty)
        // Sent in April, telling changes up to the second: nothing has changed since, so
        // nothing in May.
        let toldUpTo = ["north-parents": 2, "south-parents": 2]
        #expect(
            Self.plan(items, at: "2027-05-04T09:00:00", sent: Set(april.map(\.id)), toldUpTo: toldUpTo).due
                .filter { $0.kind == .digest }.isEmpty)
        // A change after the April letters: May's go.
        let changed = Item(
            id: 1, occurrence: items[0].occurrence, forums: items[0].forums, title: items[0].title, text: nil,
            events: items[0].events + [
                ItemEvent(kind: .status, at: Self.at("2027-04-01T09:00:00"), by: "jo", status: .inProgress, serial: 3)
            ])
        let may = Self.plan([changed], at: "2027-05-04T09:00:00", sent: Set(april.map(\.id)), toldUpTo: toldUpTo)
        #expect(may.due.filter { $0.kind == .digest }.count == 2)
        // No items at all: no letters, and nothing to wake for.
        let none = Self.plan([], at: "2027-05-04T09:00:00")
        #expect(none.due.isEmpty && none.nextDue == nil)
        // A letter a stopped daemon missed goes up to a week late, then not at all.
        #expect(Self.plan(items, at: "2027-04-07T20:00:00").due.filter { $0.kind == .digest }.count == 2)
        #expect(Self.plan(items, at: "2027-04-08T09:00:00").due.filter { $0.kind == .digest }.isEmpty)
        #expect(Self.plan(items, at: "2027-04-01T09:00:00", sent: ["digest-north-parents-2027-04"]).due.count == 1)
        // What changes after a letter's time waits for the next month's.
        #expect(Self.plan(items, at: "2027-03-10T12:00:00").due.filter { $0.kind == .digest }.isEmpty)
        #expect(Self.plan(items, at: "2027-03-31T23:00:00").nextDue == Self.at("2027-04-01T09:00:00"))
    }
}
