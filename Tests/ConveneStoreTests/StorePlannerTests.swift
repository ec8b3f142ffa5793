import ConveneCore
import ConveneTestSupport
import Testing

@testable import ConveneStore

/// The planner with its history from a real store file behaves as with records kept
/// in memory, and nothing is ever due twice.
@Suite struct StorePlannerTests {
    /// One monthly meeting (2nd Tuesday 10:00) for two forums; March 2027.
    let configuration: Configuration = {
        var builder = ConfigurationBuilder()
        builder.series = [ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00")]
        return builder.build()
    }()

    private func occurrences(_ overrides: [Override]) -> [Occurrence] {
        Scheduler(configuration: configuration)
            .schedule(from: .on("2027-03-01"), through: .on("2027-03-31"), overrides: overrides).occurrences
    }

    private func plan(at now: Int, _ history: [NotificationRecord], _ overrides: [Override]) -> NotificationPlanner.Plan {
        let horizon = LedgerFixtures.instant("2027-03-01T00:00:00")..<LedgerFixtures.instant("2027-04-01T00:00:00")
        return NotificationPlanner(configuration: configuration)
            .plan(occurrences: occurrences(overrides), history: history, horizon: horizon, now: now)
    }

    /// What the daemon does with a plan: commit and finish each due one, record the rest.
    private func deliver(_ plan: NotificationPlanner.Plan, at now: Int, into store: Store) throws {
        for notification in plan.due {
            try store.commit(notification, fileName: LedgerFixtures.fileName(notification, at: now), writtenAt: now)
            try store.markDone(notification.id)
        }
        try store.recordSuperseded(plan.superseded)
    }

    @Test func thePlannerGivenTheStoresHistoryPlansAsWithRecordsInMemory() throws {
        let directory = try TemporaryDirectory(prefix: "convene-store")
        let store = try Store.open(path: directory.storePath)
        let uid = try #require(occurrences([]).first?.uid)
        let move = Override(
            uid: uid, action: .move(to: LocalDateTime("2027-03-10T14:00:00")!, venue: "south-library"),
            reason: "County Hall is flooded")
        var memory: [NotificationRecord] = []
        var sent: [String] = []
        var superseded = 0
        let steps = [
            "2027-02-15T09:00:00", "2027-02-15T09:00:00", "2027-02-20T12:00:00", "2027-03-08T15:00:00",
            "2027-03-08T16:00:00", "2027-03-10T15:00:00",
        ]
        for step in steps {
            let now = LedgerFixtures.instant(step)
            if step == "2027-02-20T12:00:00" { try store.record(move, by: "sam", at: now) }
            let overrides = try store.overrides()
            let fromStore = plan(at: now, try store.history(), overrides)
            #expect(fromStore == plan(at: now, memory, overrides), "at \(step)")

            try deliver(fromStore, at: now, into: store)
            memory +=
                fromStore.due.map { NotificationRecord($0, outcome: .sent(at: now)) }
                + fromStore.superseded.map { NotificationRecord($0, outcome: .superseded) }
            sent += fromStore.due.map { "\($0.kind.rawValue)#\($0.sequence)\($0.lead.map { " \($0)" } ?? "")" }
            superseded += fromStore.superseded.count
            #expect(plan(at: now, try store.history(), overrides).due.isEmpty, "nothing due twice at \(step)")
        }
        #expect(sent == ["invitation#0", "invitation#0", "update#1", "update#1", "reminder#1 P2D", "reminder#1 P2D"])
        #expect(superseded == 2, "the 14-day reminders, missed while down, never follow")
        #expect(Set(try store.history()) == Set(memory))
        #expect(try store.committedNotDone().isEmpty)
    }
}
