import ConveneDelivery
import Testing

@testable import ConveneCore

/// The work loop's decisions, table by table: each event in, the actions that must come
/// out. No files, clocks or actors.
@Suite struct DeliveryLoopTests {
    typealias Event = DeliveryLoop.Event
    typealias Action = DeliveryLoop.Action

    /// Real notifications: the invitations and reminders of `DeliveryRetryTests`' two forums.
    static let notifications: [Notification] = {
        let source = ScheduleSource(configuration: DeliveryRetryTests.configuration(), overrides: [], generation: 0)
        let plan = source.plan(at: DeliveryRetryTests.instant("2027-03-01T08:00:00")) { _ in [] }
        return plan.due + plan.next
    }()
    static var north: Notification { notifications.first { $0.forum == "north-parents" }! }
    static var south: Notification { notifications.first { $0.forum == "south-parents" }! }
    /// Something due later, for the timer.
    static let later = 5_000

    static func plan(_ due: [Notification], superseded: [Notification] = []) -> NotificationPlanner.Plan {
        let next = notifications.last!
        return NotificationPlanner.Plan(
            due: due, superseded: superseded,
            next: [
                Notification(
                    kind: next.kind, occurrence: next.occurrence, forum: next.forum, sequence: next.sequence,
                    lead: next.lead, due: later)
            ])
    }

    static func failure(_ notification: Notification) -> DeliveryLoop.SpoolFailure {
        .init(forum: notification.forum, notification: notification.id, error: "No space left on device")
    }

    /// Feeds each event and checks the actions that come out, step by step.
    static func run(_ loop: inout DeliveryLoop, _ steps: [(Event, [Action])], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, (event, expected)) in steps.enumerated() {
            let actions = loop.handle(event)
            #expect(actions == expected, "step \(index + 1): \(event)", sourceLocation: sourceLocation)
        }
    }

    static let settings = DeliveryLoop.Settings(batchSize: 2, retryPolicy: RetryPolicy(first: 60, limit: 600))

    @Test func aRoundPlansWritesInBatchesRecordsWhatIsSupersededAndSleepsUntilTheNextDue() {
        var loop = DeliveryLoop(settings: Self.settings)
        let (n, s) = (Self.north, Self.south)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n, s, n], superseded: [s])), [.write([n, s], now: 100)]),
                (.written([n, s], failures: []), [.log(.written(n)), .log(.written(s)), .write([n], now: 100)]),
                (.written([n], failures: []), [.log(.written(n)), .recordSuperseded([s])]),
                (.supersededRecorded, [.log(.healthy), .arm(at: Self.later)]),
            ])
        #expect(loop.backlog == 0 && loop.isIdle && loop.next.first?.due == Self.later)
    }

    /// A chaser withdrawn at writing time (its forum answered meanwhile) counts as done:
    /// the next batch starts after it and the backlog does not keep it.
    @Test func aWithdrawnChaserCountsAsHandledInItsBatch() {
        var loop = DeliveryLoop(settings: Self.settings)
        let (n, s) = (Self.north, Self.south)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n, s, s])), [.write([n, s], now: 100)]),
                (.written([s], failures: [], withdrawn: [n]), [.log(.written(s)), .write([s], now: 100)]),
            ])
        #expect(loop.backlog == 1)
        Self.run(
            &loop,
            [
                (.written([s], failures: []), [.log(.written(s)), .recordSuperseded([])]),
                (.supersededRecorded, [.log(.healthy), .arm(at: Self.later)]),
            ])
        #expect(loop.backlog == 0 && loop.isIdle)
    }

    @Test func aForumThatFailsIsRetriedWithADoublingDelayAndTheOthersAreNotHeldUp() {
        var loop = DeliveryLoop(settings: Self.settings)
        let (n, s) = (Self.north, Self.south)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n, s])), [.write([n, s], now: 100)]),
                (
                    .written([n], failures: [Self.failure(s)]),
                    [.log(.written(n)), .log(.spoolRetry(Self.failure(s), attempt: 1, delay: 60)), .recordSuperseded([])]
                ),
                (.supersededRecorded, [.arm(at: 160)]),
                // Woken early: the half-written delivery is finished first; the forum still waits.
                (.wake(now: 130), [.recover]),
                (.recovered, [.plan(now: 130)]),
                (.planned(Self.plan([s])), [.recordSuperseded([])]),
                (.supersededRecorded, [.arm(at: 160)]),
                (.wake(now: 160), [.plan(now: 160)]),
                (.planned(Self.plan([s])), [.write([s], now: 160)]),
                (
                    .written([], failures: [Self.failure(s)]),
                    [.log(.spoolRetry(Self.failure(s), attempt: 2, delay: 120)), .recordSuperseded([])]
                ),
                (.supersededRecorded, [.arm(at: 280)]),
                (.wake(now: 280), [.recover]),
                (.recovered, [.plan(now: 280)]),
                (.planned(Self.plan([s])), [.write([s], now: 280)]),
                (.written([s], failures: []), [.log(.written(s)), .recordSuperseded([])]),
                (.supersededRecorded, [.log(.healthy), .arm(at: Self.later)]),
            ])
        #expect(loop.forumRetries.isEmpty && !loop.needsRecovery)
    }

    @Test func theBackoffStopsAtItsLimit() {
        var loop = DeliveryLoop(settings: Self.settings)
        var now = 0
        var delays: [Int] = []
        for _ in 0..<6 {
            _ = loop.handle(.wake(now: now))
            for action in loop.handle(.ledgerFailed("disk I/O error")) {
                if case .log(.ledgerRetry(_, _, let delay)) = action { delays.append(delay) }
                if case .arm(let at) = action { now = at }
            }
        }
        #expect(delays == [60, 120, 240, 480, 600, 600])
    }

    @Test func aLedgerThatFailsIsRetriedAndSaidToBeWritableAgain() {
        var loop = DeliveryLoop(settings: Self.settings)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (
                    .ledgerFailed("disk I/O error"),
                    [
                        .log(.ledgerRetry(error: "disk I/O error", attempt: 1, delay: 60)),
                        .arm(at: 160),
                    ]
                ),
                (.wake(now: 130), [.arm(at: 160)]),
                (.wake(now: 160), [.plan(now: 160)]),
                (.planned(Self.plan([Self.north])), [.write([Self.north], now: 160)]),
                (
                    .ledgerFailed("disk I/O error"),
                    [
                        .log(.ledgerRetry(error: "disk I/O error", attempt: 2, delay: 120)),
                        .arm(at: 280),
                    ]
                ),
                (.wake(now: 280), [.plan(now: 280)]),
                (.planned(Self.plan([])), [.recordSuperseded([])]),
                (.supersededRecorded, [.log(.ledgerWritable), .log(.healthy), .arm(at: Self.later)]),
            ])
        #expect(loop.ledgerRetry == nil)
    }

    @Test func aStopBetweenBatchesFinishesTheBatchInHandAndStartsNothingMore() {
        var loop = DeliveryLoop(settings: Self.settings)
        let (n, s) = (Self.north, Self.south)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n, s, n], superseded: [s])), [.write([n, s], now: 100)]),
                (.stopping, []),
                (.written([n, s], failures: []), [.log(.written(n)), .log(.written(s))]),
                (.wake(now: 101), []),
            ])
        #expect(loop.isIdle && loop.backlog == 1)
    }

    @Test func aNewScheduleBetweenBatchesEndsTheRoundAndTheNextPlansAfresh() {
        var loop = DeliveryLoop(settings: Self.settings)
        let (n, s) = (Self.north, Self.south)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n, s, n], superseded: [s])), [.write([n, s], now: 100)]),
                (.scheduleChanged, []),
                (.written([n, s], failures: []), [.log(.written(n)), .log(.written(s)), .arm(at: 100)]),
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([n])), [.write([n], now: 100)]),
            ])
    }

    @Test func aNewScheduleWhilePlanningIsPlannedAgainAtOnce() {
        var loop = DeliveryLoop(settings: Self.settings)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.scheduleChanged, []),
                (.planned(Self.plan([Self.north])), [.arm(at: 100)]),
                (.wake(now: 101), [.plan(now: 101)]),
            ])
    }

    /// The clock set back an hour: a retry due a minute after the failure is still due a
    /// minute after it, not an hour and a minute.
    @Test func aClockSetBackDoesNotPutRetriesOff() {
        var loop = DeliveryLoop(settings: Self.settings)
        let s = Self.south
        Self.run(
            &loop,
            [
                (.wake(now: 4_000), [.plan(now: 4_000)]),
                (.planned(Self.plan([s])), [.write([s], now: 4_000)]),
                (
                    .written([], failures: [Self.failure(s)]),
                    [.log(.spoolRetry(Self.failure(s), attempt: 1, delay: 60)), .recordSuperseded([])]
                ),
                (.supersededRecorded, [.arm(at: 4_060)]),
                (.wake(now: 400), [.recover]),
                (.recovered, [.plan(now: 400)]),
                (.planned(Self.plan([s])), [.recordSuperseded([])]),
                (.supersededRecorded, [.arm(at: 460)]),
            ])
    }

    /// The clock set forward: everything due by the new time is written in the one round.
    @Test func aClockSetForwardWritesWhatIsNowDue() {
        var loop = DeliveryLoop(settings: Self.settings)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([])), [.recordSuperseded([])]),
                (.supersededRecorded, [.log(.healthy), .arm(at: Self.later)]),
                (.wake(now: 90_000), [.plan(now: 90_000)]),
                (.planned(Self.plan([Self.north, Self.south])), [.write([Self.north, Self.south], now: 90_000)]),
            ])
    }

    @Test func theWatchdogIsPingedAtLeastEveryHalfInterval() {
        var settings = Self.settings
        settings.watchdogInterval = 20
        var loop = DeliveryLoop(settings: settings)
        Self.run(
            &loop,
            [
                (.wake(now: 100), [.plan(now: 100)]),
                (.planned(Self.plan([])), [.recordSuperseded([])]),
                (.supersededRecorded, [.log(.healthy), .arm(at: 110)]),
            ])
    }
}
