import CSystemd
import FoundationEssentials

/// Tells the service manager what the daemon is doing (sd_notify(3)): READY, STATUS,
/// RELOADING, WATCHDOG and STOPPING. Without `$NOTIFY_SOCKET` (run by hand) every call
/// does nothing.
public struct ServiceNotifier: Sendable {
    /// False for a daemon built inside a test process, which must not talk to whatever
    /// `$NOTIFY_SOCKET` the test process has.
    public let isEnabled: Bool

    public init(enabled: Bool = true) {
        isEnabled = enabled
    }

    /// Whether a service manager is listening.
    public var isSupervised: Bool { isEnabled && ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil }

    /// Startup or a reload finished; `status` becomes the unit's status line.
    public func ready(status: String) {
        send("READY=1\nSTATUS=\(Self.oneLine(status))")
    }

    /// A new status line (`systemctl status` shows it).
    public func status(_ text: String) {
        send("STATUS=\(Self.oneLine(text))")
    }

    /// A reload began; systemd waits for the next READY=1.
    public func reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\nSTATUS=Reloading configuration")
    }

    /// The loop that does the work is alive.
    public func watchdog() {
        send("WATCHDOG=1")
    }

    /// Shutdown began.
    public func stopping() {
        send("STOPPING=1\nSTATUS=Stopping: finishing spool writes")
    }

    /// How often systemd expects WATCHDOG=1, if it does (sd_watchdog_enabled(3)).
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard isEnabled, sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }

    private func send(_ state: String) {
        guard isEnabled else { return }
        _ = sd_notify(0, state)
    }

    /// Status lines are one line: the protocol separates assignments with newlines (each
    /// line feed becomes a space, also the one in a CRLF).
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
