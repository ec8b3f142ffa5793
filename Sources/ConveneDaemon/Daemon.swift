import ConveneConfig
import ConveneCore
import ConveneDelivery
import ConveneProtocol
import ConveneSpool
import ConveneStore
import ConveneSystemd
import FoundationEssentials
import Logging

/// The running daemon's changing state: the configuration and schedule in force, the
/// ledger, the spool, and what is failing. One actor, for changes only: a reload or a
/// coordinator's change is taken between two batches of a round, never during one, and
/// the round then plans afresh. Reads never come here: after every change the actor
/// publishes a `Snapshot`, from which the control API answers.
public actor Daemon {
    /// What the daemon is doing, as the control API and `STATUS=` report it.
    public enum State: String, Sendable {
        case starting, running, reloading, stopping
    }

    /// A configuration that loaded without errors, and where it came from.
    struct Loaded: Sendable {
        let configuration: Configuration
        let files: [String]
        /// The files' fingerprint (`ConfigurationLoader.Result.digest`).
        var digest = ""
        let loadedAt: Int
        let warnings: [Diagnostic]
    }

    /// What a standing failure concerns.
    enum Failure: Hashable, Sendable {
        case reload, delivery
    }

    public let options: DaemonOptions
    let logger: Logger
    let notifier: ServiceNotifier
    nonisolated let store: Store
    let spool: MaildirSpool
    let timer: any WakeTimer
    /// The wall clock in seconds since the epoch, read afresh on every wake.
    let clock: @Sendable () -> Int
    let retryPolicy: RetryPolicy
    /// A fault to inject, for the watchdog test: `CONVENE_DEBUG_STALL=1` makes the work
    /// loop block forever after its first round, as a hung filesystem would.
    let stallAfterFirstRound: Bool

    var state: State = .starting
    /// Finishes once the daemon is ready (READY=1 sent); the work loop's first round
    /// waits for it, so startup is not held up by a publication day's writing.
    let ready: AsyncStream<Void>
    private let readyContinuation: AsyncStream<Void>.Continuation
    /// Yields when a new configuration is installed: the inbox service then hands
    /// over what the MTA should have (a contact's new address).
    nonisolated let configurationChanges: AsyncStream<Void>
    let configurationChanged: AsyncStream<Void>.Continuation
    /// Yields when there may be something to hand to the MTA: messages written, or a
    /// new configuration (the hand-off service's wake).
    nonisolated let mailWakes: AsyncStream<Void>
    nonisolated let mailWake: AsyncStream<Void>.Continuation
    /// Set when the daemon begins to stop: a hand-off pass starts no further sendmail
    /// and stops those running (their messages wait for the next start).
    nonisolated let stopping = StopFlag()
    /// Hand-offs whose record the ledger refused (see `MailHandoff.unrecorded`).
    nonisolated let unrecordedHandoffs = UnrecordedHandoffs()
    var loaded: Loaded
    var delivery: Delivery
    /// The co-production record's reminders and digests.
    var recordDelivery: RecordDelivery
    /// Whether a record round has run since the start (the first also clears drafts a
    /// crash left in the officers' folders).
    var recordRoundRun = false
    /// The schedule in force: a new one for each configuration and each coordinator's change.
    var source: ScheduleSource
    /// Each forum's secret feed token.
    var feedTokens: [String: String]
    /// Counts batches written, so reads from the ledger know when to look again.
    var ledgerVersion = 0
    /// What in the inbox waits for a coordinator, and which contacts bounced: read from
    /// the ledger after each inbox pass and each coordinator's record.
    var inboxStatus = StatusDocument.InboxStatus()
    /// Messages waiting for the MTA, counted after each hand-off pass; nil while it is off.
    var mailStatus: StatusDocument.MailStatus?
    var bounced: [String: [String: Int]] = [:]
    /// When reasons past `[privacy] keep_reasons` were last erased.
    var reasonsExpiredAt: Int?
    /// Where reads find the newest snapshot.
    nonisolated let board: SnapshotBoard
    var reportedUnplaced: Set<String> = []
    /// The work loop's decisions and what it remembers between rounds (retries, backlog,
    /// what comes next); the daemon performs what it decides.
    var loop: DeliveryLoop
    /// What is failing, by what it concerns: a failed reload stands until a reload
    /// succeeds, a delivery failure until the spool and the ledger take writes again.
    var failures: [Failure: (order: Int, message: String)] = [:]
    var failuresSeen = 0
    var rounds = 0

    init(
        options: DaemonOptions, loaded: Loaded, store: Store, spool: MaildirSpool, timer: any WakeTimer, logger: Logger,
        notifier: ServiceNotifier, clock: @escaping @Sendable () -> Int, retryPolicy: RetryPolicy = RetryPolicy(),
        stallAfterFirstRound: Bool = false
    ) throws {
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
        loop = DeliveryLoop(
            settings: .init(
                batchSize: Self.batchSize, retryPolicy: retryPolicy,
                watchdogInterval: notifier.watchdogInterval.map { Int($0.components.seconds) }))
        (ready, readyContinuation) = AsyncStream.makeStream()
        (configurationChanges, configurationChanged) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        (mailWakes, mailWake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        delivery = Delivery(store: store, spool: spool, configuration: loaded.configuration)
        recordDelivery = RecordDelivery(store: store, spool: spool, configuration: loaded.configuration)
        source = ScheduleSource(configuration: loaded.configuration, overrides: try store.overrides(), generation: 0)
        feedTokens = try store.feedTokens(ensuring: loaded.configuration.forums.map(\.id), at: clock())
        board = SnapshotBoard(
            Snapshot(
                source: source, loaded: loaded,
                status: StatusDocument(
                    version: ConveneVersion.string, state: State.starting.rawValue, configLoadedAt: "",
                    configFile: options.configFile, configFileCount: 0, configDigest: "",
                    forums: 0, series: 0, venues: 0, nextNotification: nil, spoolBacklog: 0, lastError: nil, summary: ""),
                feeds: FeedTokens(feedTokens), ledgerVersion: 0, store: store, clock: clock, previous: nil))
    }

    /// Publishes what the daemon now is for every read that follows.
    func publish() {
        board.publish(
            Snapshot(
                source: source, loaded: loaded, status: status(), feeds: FeedTokens(feedTokens),
                ledgerVersion: ledgerVersion, store: store, clock: clock, previous: board.snapshot, bounced: bounced))
    }

    /// Reads the configuration; nil and every diagnostic logged when it has errors.
    static func load(_ file: String, at now: Int) -> (loaded: Loaded?, result: ConfigurationLoader.Result) {
        let result = ConfigurationLoader(mainFile: file).load().requiringForums(mainFile: file)
        guard let configuration = result.configuration else { return (nil, result) }
        return (
            Loaded(
                configuration: configuration, files: result.files, digest: result.digest, loadedAt: now,
                warnings: result.warnings), result
        )
    }

    /// The latest failure still standing, for the status.
    var lastError: String? { failures.values.max { $0.order < $1.order }?.message }

    func fail(_ failure: Failure, _ message: String) {
        failuresSeen += 1
        failures[failure] = (failuresSeen, message)
        publish()
    }

    /// The socket is listening: startup is complete.
    func markReady(listener: String) {
        state = .running
        let configuration = loaded.configuration
        logger.notice(
            Logger.Message(
                stringLiteral: "convened \(ConveneVersion.string) started with "
                    + "\(configuration.forums.count) forums and \(configuration.series.count) meeting series"),
            metadata: CataloguedEvent.started.metadata([
                "config.file": .string(options.configFile), "socket": .string(listener),
                "spool.dir": .string(options.spoolDirectory), "state.dir": .string(options.stateDirectory),
            ]))
        notifier.ready(status: statusLine())
        publish()
        readyContinuation.finish()
    }

    /// Shutdown began: no more rounds start, and one in progress ends after the batch it
    /// is writing (the work loop's service waits for it).
    func markStopping() {
        state = .stopping
        stopping.set()
        _ = loop.handle(.stopping)
        notifier.stopping()
        publish()
        logger.notice("stopping: finishing the writes in progress")
    }

    /// Finishes deliveries a crash interrupted; run once before the first round.
    func recoverAtStart() throws {
        refreshInboxStatus()
        noteContacts()
        matchMailHandoff()
        let recovery = try delivery.recover()
        if recovery.finished + recovery.alreadyPublished + recovery.consumed + recovery.staleRemoved > 0 {
            logger.notice(
                Logger.Message(
                    stringLiteral: "finished deliveries interrupted by a stop: \(recovery.finished) moved into new/, "
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
