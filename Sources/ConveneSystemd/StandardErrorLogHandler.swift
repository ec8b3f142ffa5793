import Foundation
import Logging

/// Plain lines on stderr for a daemon run by hand in a terminal:
/// `convened: warning: notification retry [forum.id=redditch, retry.in=30s]`.
public struct StandardErrorLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = Self.line(event: event, identifier: identifier, handlerMetadata: metadata)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The line written for one entry (without its newline).
    public static func line(event: LogEvent, identifier: String, handlerMetadata: Logger.Metadata) -> String {
        let merged = event.metadata(over: handlerMetadata).filter { $0.key != "message.id" }
        var line = "\(identifier): \(event.level): \(event.message)"
        if !merged.isEmpty {
            line += " [" + merged.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "]"
        }
        return line
    }
}
