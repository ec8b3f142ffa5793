import ConveneSystemd
import ServiceLifecycle
import UnixSignals

/// The work loop: a round once the daemon is ready, then one on each wake of the
/// wall-clock timer (a due time, a retry, a watchdog interval, a clock change, a reload
/// or a change by a coordinator). Never polls; stops after the round in progress on
/// shutdown.
struct SchedulerService: Service, CustomStringConvertible {
    /// How the service group names it in its logs (without it, the group would describe
    /// the whole value by reflection, which costs milliseconds at every start).
    var description: String { "SchedulerService" }

    let daemon: Daemon
    let timer: any WakeTimer

    func run() async throws {
        for await _ in daemon.ready.cancelOnGracefulShutdown() {}
        await daemon.round()
        for await _ in timer.wakes.cancelOnGracefulShutdown() {
            await daemon.round()
        }
    }
}

/// SIGHUP reloads the configuration. The signal is trapped before startup, so one that
/// arrives early waits here instead of killing the daemon.
struct ReloadService: Service, CustomStringConvertible {
    var description: String { "ReloadService" }

    let daemon: Daemon
    let hangups: UnixSignalsSequence

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            _ = await daemon.reload()
        }
    }
}

/// The first service told of a shutdown (services stop in reverse order): says
/// STOPPING=1 and stops new rounds; the control server then closes and the work loop
/// finishes the round it is in.
struct ShutdownNotice: Service, CustomStringConvertible {
    var description: String { "ShutdownNotice" }

    let daemon: Daemon

    func run() async throws {
        try await gracefulShutdown()
        await daemon.markStopping()
    }
}

/// Once a minute, the trim a round does (`Daemon.trimMemoryIfDue`: freed heap and the
/// daemon's code pages given back), so that a daemon with no round due for days still
/// lets go of what its last requests ran and allocated.
struct MemoryTrimService: Service, CustomStringConvertible {
    var description: String { "MemoryTrimService" }

    let daemon: Daemon

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(60))
                await daemon.trimMemoryIfDue()
            }
        }
    }
}
