import ConveneConfig
import ConveneCore
import ConveneDelivery
import ConveneServer
import ConveneSpool
import ConveneStore
import ConveneSystemd
import FoundationEssentials
import Glibc
import Logging
import ServiceLifecycle
import UnixSignals

/// Builds the daemon from its options: loads the configuration, opens the ledger,
/// finishes interrupted deliveries, and returns the services to run. `convened`'s
/// `@main` calls this; so can tests.
public enum Convened {
    public static func build(
        options: DaemonOptions, logger: Logger, notifier: ServiceNotifier = ServiceNotifier(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    )
        async throws(StartupError) -> ServiceGroup
    {
        // Trapped before anything else, so an early `systemctl reload` is not fatal.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        Daemon.returnLargeAllocationsAtOnce()
        let (timer, now) = try clock(environment: environment, logger: logger)
        let (candidate, result) = Daemon.load(options.configFile, at: now())
        guard let loaded = candidate else { throw .configuration(result.errors) }

        let store: Store
        do {
            try makeFolder(options.stateDirectory)
            // Every notification is recorded there before it is written: without it,
            // nothing can be sent exactly once, so the daemon does not start.
            guard access(options.stateDirectory, W_OK) == 0 else {
                throw StartupError.environment(
                    "the state directory \(options.stateDirectory) is not writable (\(String(cString: strerror(errno)))); "
                        + "convened records each notification there before writing it, and does not start without it")
            }
            try makeFolder(options.spoolDirectory)
            try makeFolder(PathName.folder(of: options.socketPath))
            store = try Store.open(path: options.ledgerPath)
        } catch {
            throw .environment("\(error)")
        }
        if let backup = store.migrationBackup {
            logger.notice(
                """
                the ledger's schema was brought up to date; the ledger as it was before is kept in \(backup.file), \
                for going back to the earlier version of Convene
                """,
                metadata: ["backup.file": .string(backup.file), "backup.bytes": "\(backup.bytes)"])
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(
                options: options, loaded: loaded, store: store,
                spool: MaildirSpool(root: options.spoolDirectory), timer: timer, logger: logger,
                notifier: notifier, clock: now, stallAfterFirstRound: environment["CONVENE_DEBUG_STALL"] == "1")
        } catch {
            throw .environment("cannot read the ledger: \(error)")
        }
        await daemon.publish()
        await daemon.logWarnings(loaded.warnings)
        await daemon.logConfigurationLoaded()
        do {
            try await daemon.recoverAtStart()
        } catch {
            throw .environment("cannot finish interrupted deliveries: \(error)")
        }

        // The inbox: a Maildir of the daemon's own, owner only (parents' reasons are
        // personal data, and the daemon's group is the spool's readers').
        let inbox = Inbox(root: options.inboxDirectory, store: store)
        let watcher: DirectoryWatcher
        do {
            try inbox.prepare()
            watcher = try DirectoryWatcher(path: options.inboxDirectory + "/new")
        } catch {
            throw .environment("cannot set up the inbox \(options.inboxDirectory): \(error)")
        }

        let listener: ControlListener
        do {
            listener = try SocketActivation.inheritedSocket().map { .inherited(descriptor: $0) } ?? .path(options.socketPath)
        } catch {
            throw .environment("\(error)")
        }
        let server = ControlServer(
            listener: listener, handler: DaemonControl(daemon: daemon, board: daemon.board),
            logger: logger
        ) {
            await daemon.markReady(listener: listener.description)
        }
        // Stopped in reverse order: the notice first, then the socket, then the work loop.
        let services: [any Service] = [
            SchedulerService(daemon: daemon, timer: timer),
            InboxService(daemon: daemon, inbox: inbox, watcher: watcher, retryPolicy: RetryPolicy()),
            MailHandoffService(daemon: daemon, retryPolicy: RetryPolicy()),
            ReloadService(daemon: daemon, hangups: hangups),
            MemoryTrimService(daemon: daemon),
            server,
            ShutdownNotice(daemon: daemon),
        ]
        return ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0, successTerminationBehavior: .ignore) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
    }

    /// The real clock, or with `CONVENE_TEST_CLOCK=<file>` the test clock that file sets
    /// (for the chaos, clock-jump and soak tests; never in production).
    private static func clock(environment: [String: String], logger: Logger)
        throws(StartupError) -> (timer: any WakeTimer, now: @Sendable () -> Int)
    {
        do {
            guard let file = environment["CONVENE_TEST_CLOCK"] else {
                return (try WallClockTimer(), { Int(Date().timeIntervalSince1970) })
            }
            let clock = try TestClock(path: file) { problem in logger.error("\(problem)") }
            logger.warning(
                "the clock is the test clock in \(file) (CONVENE_TEST_CLOCK), not the system's: for tests only",
                metadata: ["clock.file": .string(file)])
            return (clock, { Int(clock.now().timeIntervalSince1970) })
        } catch {
            throw .environment("\(error)")
        }
    }

    /// `mkdir -p` with mode 0750 for the folders it makes (the umask applies), with the
    /// system's words for a failure: "cannot create the folder /var/lib/convene: Permission
    /// denied".
    private static func makeFolder(_ path: String) throws(StartupError) {
        guard !path.isEmpty else { return }
        var made = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") where !part.isEmpty {
            made += "/" + part
            if mkdir(made, 0o750) == 0 || errno == EEXIST && isFolder(made) { continue }
            let reason = errno == EEXIST ? "a file of that name is in the way" : String(cString: strerror(errno))
            throw .environment("cannot create the folder \(made): \(reason)")
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}

/// Why the daemon could not start.
public enum StartupError: Error, CustomStringConvertible {
    /// The configuration has errors (each one listed); exit status 78 (EX_CONFIG).
    case configuration([Diagnostic])
    /// A folder, the ledger, the timer or the socket could not be set up.
    case environment(String)

    public var description: String {
        switch self {
        case .configuration(let errors):
            (errors.map(\.description) + ["configuration has \(errors.count) error\(errors.count == 1 ? "" : "s"); not starting"])
                .joined(separator: "\n")
        case .environment(let reason): reason
        }
    }

    /// sysexits(3): 78 for configuration, 71 (EX_OSERR) otherwise.
    public var exitCode: Int32 {
        switch self {
        case .configuration: 78
        case .environment: 71
        }
    }
}
