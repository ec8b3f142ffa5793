import ConveneTOML

/// Collects diagnostics while one configuration is loaded. A reference type so the
/// readers for every table and file can add to the same list; it never outlives
/// the load and is never shared between threads.
final class DiagnosticLog {
    private(set) var entries: [Diagnostic] = []

    var hasErrors: Bool { entries.contains { $0.severity == .error } }

    func error(_ file: String, at position: SourcePosition?, _ keyPath: String?, _ message: String) {
        entries.append(
            Diagnostic(
                .error, file: file, line: position?.line, column: position?.column,
                keyPath: keyPath, message: message))
    }

    func warning(_ file: String, at position: SourcePosition?, _ keyPath: String?, _ message: String) {
        entries.append(
            Diagnostic(
                .warning, file: file, line: position?.line, column: position?.column,
                keyPath: keyPath, message: message))
    }
}

/// Where a decoded value came from, for problems found after decoding (a reference
/// to a venue that no file defines).
struct SourceLocation: Hashable, Sendable {
    let file: String
    let position: SourcePosition?
    let keyPath: String
}
