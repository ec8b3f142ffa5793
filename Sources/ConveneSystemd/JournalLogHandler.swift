import CSystemd
import Logging

/// A swift-log handler that sends each entry to the systemd journal as structured
/// fields: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_FILE/CODE_LINE/CODE_FUNC, and each
/// metadata key in upper case with dots as underscores (`forum.id` → `FORUM_ID`,
/// `message.id` → `MESSAGE_ID`), so `journalctl FORUM_ID=…` finds them.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    /// The journal's SYSLOG_IDENTIFIER, `convened`.
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let fields = Self.fields(event: event, identifier: identifier, handlerMetadata: metadata)
        Self.send(fields)
    }

    /// The journal fields for one entry, in the order they are sent.
    public static func fields(event: LogEvent, identifier: String, handlerMetadata: Logger.Metadata) -> [String] {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
        ]
        for (key, value) in event.metadata(over: handlerMetadata) {
            guard let name = fieldName(key) else { continue }
            fields.append("\(name)=\(value)")
        }
        return fields
    }

    /// syslog priorities: swift-log has no `alert` or `emergency`.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A journal field name from a metadata key, or nil when nothing of it is usable.
    /// Journal names are upper-case letters, digits and underscores, not starting with
    /// an underscore (those are trusted fields the journal sets itself) or a digit.
    static func fieldName(_ key: String) -> String? {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name += "_"
            }
        }
        while name.hasPrefix("_") { name.removeFirst() }
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return nil }
        return String(name.prefix(64))
    }

    /// Sends with `sd_journal_sendv`: each field is one iovec, so values may hold newlines.
    static func send(_ fields: [String]) {
        let total = fields.reduce(0) { $0 + $1.utf8.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer { storage.deallocate() }
        var vectors: [iovec] = []
        vectors.reserveCapacity(fields.count)
        var offset = 0
        for field in fields {
            let count = field.utf8.count
            let target = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + count)])
            _ = target.initializeMemory(as: UInt8.self, from: field.utf8)
            vectors.append(iovec(iov_base: target.baseAddress, iov_len: count))
            offset += count
        }
        _ = sd_journal_sendv(&vectors, Int32(vectors.count))
    }
}
