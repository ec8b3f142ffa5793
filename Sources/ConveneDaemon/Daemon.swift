import ConveneConfig
import ConveneCore
import ConveneProtocol
import ConveneSpool
import ConveneStore
import ConveneSystemd
import Foundation
import Logging

/// The running daemon's shared state: the configuration in force, the ledger, the
/// spool, and what is failing. One actor: a reload or a coordinator's change is taken
/// between two batches of a round, never during one, and the round then plans afresh.
public actor Daemon {
    /// What the daemon is doing, as the control API and `STATUS=` report it.
    public enum State: String, Sendable {
        case starting, running, reloading, stopping
    }

    /// A configuration that loaded without errors, and where it came from.
    struct Loaded: Sendable {
        let configuration: Configuration
        let files: [String]
        let loadedAt: Int
        let warnings: [Diagnostic]
    }

    /// What a standing failure concerns.
    enum Failure: Hashable, Sendable {
        case reload, delivery
    }

    /// A schedule request, resolved: the days and the forum asked for.
    struct ScheduleKey: Hashable, Sendable {
        let generation: Int
        let first: CivilDate
        let last: CivilDate
        let forum: String?
    }

    /// What falls due next, for `STATUS=` and `GET /v1/status`.
    struct Upcoming: Sendable, Equatable {
        let due: Int
        let kind: ConveneCore.Notification.Kind
        let forums: Int
    }

    public let options: DaemonOptions
    let logger: Logger
    let notifier: ServiceNotifier
    let store: Store
    let spool: MaildirSpool
    let timer: any WakeTimer
    /// The wall clock in seconds since the epoch, read afresh on every wake.
    let clock: @Sendable () -> Int
    let retryPolicy: RetryPolicy
    /// Months planned beyond the current one (invitations go out about two weeks ahead).
    let horizonMonths = 3
    /// A fault to inject, for the watchdog test: `CONVENE_DEBUG_STALL=1` makes the work
    /// loop block forever after its first round, as a hung filesystem would.
    let stallAfterFirstRound: Bool

    var state: State = .starting
    /// Finishes once the daemon is ready (READY=1 sent); the work loop's first round
    /// waits for it, so startup is not held up by a publication day's writing.
    let ready: AsyncStream<Void>
    private let readyContinuation: AsyncStream<Void>.Continuation
    var loaded: Loaded
    var delivery: Delivery
    var generation = 0
    var cachedSchedule: (generation: Int, from: CivilDate, occurrences: [Occurrence])?
    /// Whole years of the schedule placed for this generation; see `scheduled(from:through:)`.
    var placedYears: PlacedYears?
    /// Schedule documents already answered over the control socket, for this generation.
    var answeredSchedules: [ScheduleKey: ScheduleDocument] = [:]
    var reportedUnplaced: Set<String> = []
    var forumRetries: [String: Retry] = [:]
    var ledgerRetry: Retry?
    var needsRecovery = false
    /// What is failing, by what it concerns: a failed reload stands until a reload
    /// succeeds, a delivery failure until the spool and the ledger take writes again.
    var failures: [Failure: (order: Int, message: String)] = [:]
    var failuresSeen = 0
    var upcoming: Upcoming?
    var backlog = 0
    var rounds = 0

    init(options: DaemonOptions, loaded: Loaded, store: Store, spool: MaildirSpool, timer: any WakeTimer, logger: Logger,
         notifier: ServiceNotifier, clock: @escaping @Sendable () -> Int, retryPolicy: RetryPolicy = RetryPolicy(),
         stallAfterFirstRound: Bool = false) {
        self.options = options
        self.loaded = loaded
        self.store = store
        self.spool = spool
        self.timer = timer
        self.logger = logger
        self.notifier = notifier
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.stallAfterFirstRound = stallAfterFirstRound
        (ready, readyContinuation) = AsyncStream.makeStream()
        delivery = Delivery(store: store, spool: spool, configuration: loaded.configuration)
    }

    /// Reads the configuration; nil and every diagnostic logged when it has errors.
    static func load(_ file: String, at now: Int) -> (loaded: Loaded?, result: ConfigurationLoader.Result) {
        let result = ConfigurationLoader(mainFile: file).load()
        guard let configuration = result.configuration else { return (nil, result) }
        return (Loaded(configuration: configuration, files: result.files, loadedAt: now, warnings: result.warnings), result)
    }

    /// The latest failure still standing, for the status.
    var lastError: String? { failures.values.max { $0.order < $1.order }?.message }

    func fail(_ failure: Failure, _ message: String) {
        failuresSeen += 1
        failures[failure] = (failuresSeen, message)
    }

    /// The socket is listening: startup is complete.
    func markReady(listener: String) {
        state = .running
        let configuration = loaded.configuration
        logger.notice(Logger.Message(stringLiteral: "convened \(ConveneVersion.string) started: \(configuration.forums.count) forums, "
                      + "\(configuration.series.count) meeting series, control socket \(listener)"),
                      metadata: CataloguedEvent.started.metadata([
                          "config.file": .string(options.configFile), "socket": .string(listener),
                          "spool.dir": .string(options.spoolDirectory), "state.dir": .string(options.stateDirectory),
                      ]))
        notifier.ready(status: statusLine())
        readyContinuation.finish()
    }

    /// Shutdown began: no more rounds start, and one in progress ends after the batch it
    /// is writing (the work loop's service waits for it).
    func markStopping() {
        state = .stopping
        notifier.stopping()
        logger.notice("stopping: finishing the writes in progress")
    }

    /// Finishes deliveries a crash interrupted; run once before the first round.
    func recoverAtStart() throws {
        let recovery = try delivery.recover()
        if recovery.finished + recovery.alreadyPublished + recovery.consumed + recovery.staleRemoved > 0 {
            logger.notice(Logger.Message(stringLiteral: "finished deliveries interrupted by a stop: \(recovery.finished) moved into new/, "
                          + "\(recovery.alreadyPublished) already there, \(recovery.consumed) already read, "
                          + "\(recovery.staleRemoved) unfinished drafts removed"))
        }
    }

    func logWarnings(_ warnings: [Diagnostic]) {
        for warning in warnings {
            logger.warning("\(warning)", metadata: Self.diagnosticMetadata(warning))
        }
    }

    static func diagnosticMetadata(_ diagnostic: Diagnostic) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["config.file": .string(diagnostic.file)]
        if let line = diagnostic.line { metadata["config.line"] = "\(line)" }
        if let column = diagnostic.column { metadata["config.column"] = "\(column)" }
        if let key = diagnostic.keyPath { metadata["config.key"] = .string(key) }
        return metadata
    }
}
