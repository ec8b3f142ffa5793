import Logging

/// Log events as the handlers receive them from a `Logger`, with a fixed call site so
/// the expected fields can be written out in full.
enum LogEventFixture {
    static let file = "ConveneDaemon/SchedulerService.swift"
    static let function = "run()"
    static let line: UInt = 42

    static func event(
        _ level: Logger.Level = .info, _ message: Logger.Message = "delivery finished",
        metadata: Logger.Metadata? = nil
    ) -> LogEvent {
        LogEvent(
            level: level, message: message, metadata: metadata, source: nil,
            file: file, function: function, line: line)
    }
}
