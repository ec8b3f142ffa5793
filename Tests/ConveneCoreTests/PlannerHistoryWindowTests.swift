import ConveneCore
import ConveneTestSupport
import Testing

/// The planner needs only the history of meetings still ahead (`historyNeeded`): over
/// half a year of random configurations, with coordinators cancelling, moving and
/// restoring meetings and a series dropped from the configuration, a plan from that
/// part of the history is the plan from the whole of it, and its `next` is what a plan
/// at that time finds due.
@Suite(.runsOnBlockingThreads) struct PlannerHistoryWindowTests {
    let zone = ZoneRules(identifier: "Europe/London")!

    /// One simulated half-year, run as the daemon runs it: plan, send what is due, wake
    /// at the next due time (or a day later), sometimes after a change.
    struct Run {
        var configuration: Configuration
        var overrides: [Override] = []
        var history: [NotificationRecord] = []
        var steps = 0
        var checked = 0
        /// Rows the window left out, summed over the steps.
        var leftOut = 0
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func aPlanFromTheWindowedHistoryIsThePlanFromAllOfIt(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var builder = RandomConfiguration(seed: seed).builder
        var run = Run(configuration: builder.build())
        var now = zone.resolve(LocalDateTime("2026-12-01T08:00:00")!).instant
        let end = zone.resolve(LocalDateTime("2027-07-01T00:00:00")!).instant
        var dropped = false
        while now < end {
            let window = PlanningWindow(at: now, months: 3, in: zone)
            let scheduler = Scheduler(configuration: run.configuration)
            var years: [Int: [Occurrence]] = [:]
            for year in window.first.year...window.last.year {
                years[year] = scheduler.placed(year: year, overrides: run.overrides)
            }
            let occurrences = scheduler.schedule(from: window.first, through: window.last, overrides: run.overrides).occurrences
            let elsewhere = { (uid: String) in Scheduler.occurrence(uid, in: years) }
            let planner = NotificationPlanner(configuration: run.configuration)
            let needed = planner.historyNeeded(occurrences: occurrences, horizon: window.instants, now: now)
            let windowed = Self.select(needed, from: run.history)
            let plan = planner.plan(
                occurrences: occurrences, history: windowed, horizon: window.instants, now: now,
                elsewhere: elsewhere)
            #expect(
                plan
                    == planner.plan(
                        occurrences: occurrences, history: run.history, horizon: window.instants, now: now,
                        elsewhere: elsewhere),
                "seed \(seed), at \(zone.zoned(instant: now).local)")
            run.leftOut += run.history.count - windowed.count
            run.history +=
                plan.due.map { NotificationRecord($0, outcome: .sent(at: now)) }
                + plan.superseded.map { NotificationRecord($0, outcome: .superseded) }
            run.steps += 1

            if let next = plan.nextDue {
                // What the status line reports as next is what a plan then finds due.
                let later = planner.plan(occurrences: occurrences, history: run.history, horizon: window.instants, now: next)
                #expect(
                    Set(plan.next.map(\.id)) == Set(later.due.filter { $0.due == next }.map(\.id)),
                    "seed \(seed), next after \(zone.zoned(instant: now).local)")
                #expect(plan.next.allSatisfy { $0.due == next })
                run.checked += 1
            }
            // Now and then a coordinator changes a meeting still to come, or an admin
            // drops a series.
            let ahead = occurrences.filter { $0.start.instant > now + 86_400 }
            if let target = ahead.randomElement(using: &random), random.chance(0.2) {
                let action: Override.Action =
                    switch Int.random(in: 0...2, using: &random) {
                    case 0: .cancel
                    case 1:
                        .move(
                            to: LocalDateTime(date: target.start.local.date.adding(days: 1), time: target.start.local.time),
                            venue: nil)
                    default: .restore
                    }
                run.overrides.append(Override(uid: target.uid, action: action, reason: "Changed"))
            }
            if !dropped, now > zone.resolve(LocalDateTime("2027-03-20T00:00:00")!).instant, builder.series.count > 1 {
                builder.series.removeLast()
                run.configuration = builder.build()
                dropped = true
            }
            now = min(plan.nextDue ?? now + 86_400, now + 86_400)
        }
        #expect(run.steps > 100, "seed \(seed): \(run.steps) steps")
        #expect(run.checked > 50, "seed \(seed): \(run.checked) checks of next")
        #expect(run.leftOut > 0, "seed \(seed): the window left nothing out")
    }

    /// The rows `needed` selects, as `Store.history(_:)` selects them in SQL.
    static func select(_ needed: NotificationPlanner.HistoryNeeded, from history: [NotificationRecord]) -> [NotificationRecord] {
        var starts: [String: [Int]] = [:]
        for record in history { starts[record.occurrence, default: []].append(record.announced.start) }
        return history.filter { needed.includes(occurrence: $0.occurrence, announcedStarts: starts[$0.occurrence] ?? []) }
    }
}
