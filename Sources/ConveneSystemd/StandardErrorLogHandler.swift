import Glibc
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
        Self.write(line + "\n")
    }

    /// All of `text` to stderr in as few writes as it takes; a write that fails loses the line.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
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
