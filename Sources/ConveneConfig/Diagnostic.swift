/// One problem found in the configuration, located precisely enough to fix it:
/// `config/meetings/pfa.toml:4:9: error: rrule: BYDAY=5XX: "5XX" is not a weekday …`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        /// The configuration cannot be used.
        case error
        /// Worth a look, but the configuration is usable.
        case warning
    }

    public let severity: Severity
    /// The file, as its path was given or found (relative paths stay relative).
    public let file: String
    /// 1-based line and column, when the problem has a place in the file.
    public let line: Int?
    public let column: Int?
    /// Where in the document's structure, e.g. `venue[2].capacity`; nil for the file as a whole.
    public let keyPath: String?
    public let message: String

    public init(
        _ severity: Severity, file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
        message: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE:COLUMN: SEVERITY: KEY.PATH: MESSAGE`, the form compilers use, so editors
    /// and `grep` can jump to it. Parts that are unknown are left out.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": \(severity.rawValue): "
        if let keyPath, !keyPath.isEmpty { text += keyPath + ": " }
        return Self.oneLine(text + message)
    }

    /// `text` with its control characters and line separators (from a file name, or a
    /// value quoted in a message) written as `\u{D}`, so that a diagnostic is always
    /// one line and a file name cannot fake another diagnostic.
    static func oneLine(_ text: String) -> String {
        let breaksLine = { (scalar: Unicode.Scalar) in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: true
            default: false
            }
        }
        guard text.unicodeScalars.contains(where: breaksLine) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if breaksLine(scalar) {
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
