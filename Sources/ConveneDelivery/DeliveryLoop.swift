import ConveneCore

/// The work loop's decisions, as a value: what happened goes in (`handle(_:)`), what to
/// do comes out. It reads no clock and touches no file, ledger or actor; the daemon
/// performs each action and tells the loop how it went, so every path (retries and their
/// backoff, a stop or a new schedule between two batches, the clock set back) is tested
/// as a table of events and actions.
///
/// A round: `wake` → `recover` (after a failed write) → `plan` → `write` each batch →
/// `recordSuperseded` → `arm` the timer for the next thing to do.
public struct DeliveryLoop: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Notifications written per ledger transaction and folder sync.
        public var batchSize: Int
        public var retryPolicy: RetryPolicy
        /// systemd's watchdog interval in seconds, if it asked for pings: the loop then
        /// wakes at least every half interval.
        public var watchdogInterval: Int?
        /// How long to sleep when nothing at all is coming.
        public var longestSleep: Int

        public init(
            batchSize: Int = 500, retryPolicy: RetryPolicy = RetryPolicy(), watchdogInterval: Int? = nil,
            longestSleep: Int = 86_400
        ) {
            self.batchSize = batchSize
            self.retryPolicy = retryPolicy
            self.watchdogInterval = watchdogInterval
            self.longestSleep = longestSleep
        }
    }

    /// A message that could not be written to its forum's folder.
    public struct SpoolFailure: Sendable, Equatable {
        public let forum: String
        public let notification: String
        public let error: String

        public init(forum: String, notification: String, error: String) {
            self.forum = forum
            self.notification = notification
            self.error = error
        }
    }

    public enum Event: Sendable, Equatable {
        /// The timer (or startup) woke the loop; `now` is the wall clock.
        case wake(now: Int)
        /// Interrupted deliveries were finished.
        case recovered
        case planned(NotificationPlanner.Plan)
        /// A batch was written, except for `failures` and for chasers `withdrawn` (their
        /// forums answered after the plan was made; recorded as superseded).
        case written([Notification], failures: [SpoolFailure], withdrawn: [Notification] = [])
        case supersededRecorded
        /// The ledger could not be read or written (recovery, planning, a batch).
        case ledgerFailed(String)
        /// A reload or a coordinator's change: the plan in hand is out of date.
        case scheduleChanged
        /// Shutdown began: finish the batch in hand and start nothing more.
        case stopping
    }

    public enum Action: Sendable, Equatable {
        /// Finish the deliveries a failed write left half done.
        case recover
        case plan(now: Int)
        case write([Notification], now: Int)
        /// Record, without sending, what the plan found overtaken.
        case recordSuperseded([Notification])
        /// Wake at this instant (or at once if it has passed).
        case arm(at: Int)
        case log(Note)
    }

    /// What the daemon tells the journal and the status.
    public enum Note: Sendable, Equatable {
        case written(Notification)
        case spoolRetry(SpoolFailure, attempt: Int, delay: Int)
        case ledgerRetry(error: String, attempt: Int, delay: Int)
        /// The ledger takes writes again after failing.
        case ledgerWritable
        /// Nothing is failing any more.
        case healthy
    }

    private enum Phase: Sendable, Equatable {
        case idle
        case recovering(now: Int)
        case planning(now: Int)
        case writing(Round)
        case superseding(Round)

        /// The instant the round in progress was planned for.
        var now: Int {
            switch self {
            case .idle: 0
            case .recovering(let now), .planning(let now): now
            case .writing(let round), .superseding(let round): round.now
            }
        }
    }

    /// A round's plan and how far its writing has got.
    private struct Round: Sendable, Equatable {
        let now: Int
        let plan: NotificationPlanner.Plan
        /// Due, less forums waiting for a retry.
        let due: [Notification]
        let waiting: Set<String>
        var written = 0
        var wroteTo: Set<String> = []
    }

    public let settings: Settings
    private var phase = Phase.idle
    private var stale = false
    public private(set) var stopping = false
    /// Forums whose folder failed, and when to try each again.
    public private(set) var forumRetries: [String: Retry] = [:]
    public private(set) var ledgerRetry: Retry?
    public private(set) var needsRecovery = false
    /// Due and not yet written: waiting for a retry, or in the batches still to write.
    public private(set) var backlog = 0
    /// What falls due next (all at the same instant), once a round has finished.
    public private(set) var next: [Notification] = []
    private var lastWake: Int?

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether a round is under way.
    public var isIdle: Bool { phase == .idle }

    public mutating func handle(_ event: Event) -> [Action] {
        switch (event, phase) {
        case (.stopping, _):
            stopping = true
            return []
        case (.scheduleChanged, let current):
            next = []  // known again when the next round has planned
            stale = current != .idle
            return []
        case (.wake(let now), .idle):
            return wake(now: now)
        case (.recovered, .recovering(let now)):
            needsRecovery = false
            phase = .planning(now: now)
            return [.plan(now: now)]
        case (.planned(let plan), .planning(let now)):
            return start(plan, now: now)
        case (.written(let notifications, let failures, let withdrawn), .writing(var round)):
            let notes = record(notifications, failures, now: round.now)
            round.written += notifications.count + failures.count + withdrawn.count
            round.wroteTo.formUnion(notifications.map(\.forum))
            backlog -= notifications.count + withdrawn.count
            return notes + continueWriting(round)
        case (.supersededRecorded, .superseding(let round)):
            return finish(round)
        case (.ledgerFailed(let error), let current) where current != .idle:
            return ledgerFailed(error, now: current.now)
        default:
            return []  // an event that does not belong to this phase (a wake mid-round merges with it)
        }
    }

    private mutating func wake(now: Int) -> [Action] {
        guard !stopping else { return [] }
        if let lastWake, now < lastWake { clockWentBack(now: now) }
        lastWake = now
        if let ledgerRetry, ledgerRetry.notBefore > now { return [arm(now: now, wanted: ledgerRetry.notBefore)] }
        stale = false
        if needsRecovery {
            phase = .recovering(now: now)
            return [.recover]
        }
        phase = .planning(now: now)
        return [.plan(now: now)]
    }

    /// The clock was set back: a retry is never further off than its delay from now.
    private mutating func clockWentBack(now: Int) {
        for (forum, retry) in forumRetries {
            forumRetries[forum]?.notBefore = min(retry.notBefore, now + settings.retryPolicy.delay(afterAttempt: retry.attempts))
        }
        if let retry = ledgerRetry {
            ledgerRetry?.notBefore = min(retry.notBefore, now + settings.retryPolicy.delay(afterAttempt: retry.attempts))
        }
    }

    private mutating func start(_ plan: NotificationPlanner.Plan, now: Int) -> [Action] {
        if stopping || stale { return endEarly(now: now) }
        let waiting = Set(forumRetries.filter { $0.value.notBefore > now }.keys)
        let due = plan.due.filter { !waiting.contains($0.forum) }
        backlog = plan.due.count
        return continueWriting(Round(now: now, plan: plan, due: due, waiting: waiting))
    }

    private mutating func continueWriting(_ round: Round) -> [Action] {
        // Stopped, reloaded or changed while the batch was written: the rest of the plan
        // (what it supersedes, what comes next) is out of date.
        if stopping || stale { return endEarly(now: round.now) }
        guard round.written < round.due.count else {
            phase = .superseding(round)
            return [.recordSuperseded(round.plan.superseded)]
        }
        phase = .writing(round)
        let end = min(round.due.count, round.written + settings.batchSize)
        return [.write(Array(round.due[round.written..<end]), now: round.now)]
    }

    private mutating func endEarly(now: Int) -> [Action] {
        phase = .idle
        if stopping { return [] }
        stale = false
        return [.arm(at: now)]  // plan afresh at once
    }

    private mutating func record(_ written: [Notification], _ failures: [SpoolFailure], now: Int) -> [Action] {
        var actions = written.map { Action.log(.written($0)) }
        for failure in failures {
            let attempts = (forumRetries[failure.forum]?.attempts ?? 0) + 1
            let delay = settings.retryPolicy.delay(afterAttempt: attempts)
            forumRetries[failure.forum] = Retry(attempts: attempts, notBefore: now + delay, error: failure.error)
            needsRecovery = true
            actions.append(.log(.spoolRetry(failure, attempt: attempts, delay: delay)))
        }
        return actions
    }

    private mutating func finish(_ round: Round) -> [Action] {
        phase = .idle
        var actions: [Action] = []
        // A forum with nothing left to retry is healthy again.
        let stillDue = Set(round.due.map(\.forum)).subtracting(round.wroteTo)
        for forum in forumRetries.keys
        where round.wroteTo.contains(forum) || (!stillDue.contains(forum) && !round.waiting.contains(forum)) {
            forumRetries[forum] = nil
        }
        if ledgerRetry != nil {
            ledgerRetry = nil
            actions.append(.log(.ledgerWritable))
        }
        if forumRetries.isEmpty { actions.append(.log(.healthy)) }
        next = round.plan.next
        let retryAt = forumRetries.values.map(\.notBefore).min()
        actions.append(arm(now: round.now, wanted: [round.plan.nextDue, retryAt].compactMap { $0 }.min()))
        return actions
    }

    private mutating func ledgerFailed(_ error: String, now: Int) -> [Action] {
        phase = .idle
        let attempts = (ledgerRetry?.attempts ?? 0) + 1
        let delay = settings.retryPolicy.delay(afterAttempt: attempts)
        ledgerRetry = Retry(attempts: attempts, notBefore: now + delay, error: error)
        return [.log(.ledgerRetry(error: error, attempt: attempts, delay: delay)), arm(now: now, wanted: now + delay)]
    }

    /// The timer for `wanted`, or the longest sleep, and never past half the watchdog.
    private func arm(now: Int, wanted: Int?) -> Action {
        var at = wanted ?? now + settings.longestSleep
        if let interval = settings.watchdogInterval { at = min(at, now + max(interval / 2, 1)) }
        return .arm(at: at)
    }
}
