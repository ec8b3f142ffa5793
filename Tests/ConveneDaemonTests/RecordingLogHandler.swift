import Logging
import Synchronization

/// Keeps every log entry in memory so tests can read what the daemon said, without
/// bootstrapping the global logging system.
final class LogRecord: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
        /// When it was logged (not when a test read it).
        var at = ContinuousClock.now
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// A logger whose entries land here.
    func logger() -> Logger {
        Logger(label: "test") { _ in RecordingLogHandler(record: self) }
    }

    /// Entries carrying a catalogued event's id.
    func entries(withMessageID id: String) -> [Entry] { all.filter { $0.metadata["message.id"] == id } }
}

struct RecordingLogHandler: LogHandler {
    let record: LogRecord
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, entry in entry }
        record.append(.init(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
