import FoundationEssentials
import Glibc
import Logging

/// Where the daemon's log goes: the journal when systemd connected stderr to it (the
/// `$JOURNAL_STREAM` device and inode match stderr's, as sd-daemon(3) describes), plain
/// lines on stderr otherwise.
public enum LogDestination: String, Sendable, CaseIterable {
    case journal
    case stderr

    /// The destination for this process, from `$JOURNAL_STREAM` and stderr.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> LogDestination {
        guard let stream = environment["JOURNAL_STREAM"] else { return .stderr }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return .stderr }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return .stderr }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode ? .journal : .stderr
    }

    /// A handler factory for `LoggingSystem.bootstrap` or a single `Logger`.
    public func handler(identifier: String, level: Logger.Level) -> any LogHandler {
        switch self {
        case .journal:
            var handler = JournalLogHandler(identifier: identifier)
            handler.logLevel = level
            return handler
        case .stderr:
            var handler = StandardErrorLogHandler(identifier: identifier)
            handler.logLevel = level
            return handler
        }
    }
}
