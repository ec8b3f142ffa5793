import ConveneTOML

/// Reads typed values out of one TOML table, reporting every problem to the log with
/// its file, position and key path, and remembering which keys were asked for so
/// `finish()` can report the rest as unknown.
///
/// A table can have layers: the main file's `[notifications]` and a drop-in's. A key
/// is read from the last layer that sets it, and each layer's unknown keys are
/// reported against its own file.
final class TableReader {
    struct Layer {
        let file: String
        let table: TOMLTable
    }

    let layers: [Layer]
    /// The key path of this table, e.g. `venue[2]`; empty for a file's top level.
    let path: String
    let log: DiagnosticLog
    private var asked: [String] = []

    init(layers: [Layer], path: String, log: DiagnosticLog) {
        self.layers = layers
        self.path = path
        self.log = log
    }

    convenience init(file: String, table: TOMLTable, path: String = "", log: DiagnosticLog) {
        self.init(layers: [Layer(file: file, table: table)], path: path, log: log)
    }

    /// The file and position of the table itself, for problems with the table as a whole.
    var location: SourceLocation {
        SourceLocation(file: layers.last?.file ?? "", position: layers.last?.table.position, keyPath: path)
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value under `key` and where it is, from the last layer that sets it.
    func located(_ key: String) -> (node: TOMLNode, location: SourceLocation)? {
        if !asked.contains(key) { asked.append(key) }
        for layer in layers.reversed() {
            if let node = layer.table[key] {
                return (node, SourceLocation(file: layer.file, position: node.position, keyPath: keyPath(key)))
            }
        }
        return nil
    }

    // MARK: Reporting

    func error(_ location: SourceLocation, _ message: String) {
        log.error(location.file, at: location.position, location.keyPath, message)
    }

    func warning(_ location: SourceLocation, _ message: String) {
        log.warning(location.file, at: location.position, location.keyPath, message)
    }

    /// Reports a key this table requires but no layer sets.
    /// A table has a place in the file (its header); a file's top level does not.
    func missing(_ key: String, _ expected: String) {
        let last = layers.last
        log.error(
            last?.file ?? "", at: path.isEmpty ? nil : last?.table.position, keyPath(key),
            "required key is missing; expected \(expected)")
    }

    /// Reports each layer's keys that no reader asked for, suggesting a close match.
    func finish() {
        for layer in layers {
            for key in layer.table.keys where !asked.contains(key) {
                var message = "unknown key \"\(key)\""
                if let close = TableReader.closest(to: key, in: asked) { message += "; did you mean \"\(close)\"?" }
                log.error(layer.file, at: layer.table.keyPosition(key), keyPath(key), message)
            }
        }
    }

    /// The known key close to `key` (one edit, or two for longer words), if any, to
    /// catch typos like `capcity` without suggesting "north" for "south".
    static func closest(to key: String, in candidates: [String]) -> String? {
        let allowed = key.count >= 6 ? 2 : 1
        return
            candidates
            .map { ($0, editDistance(Array(key), Array($0))) }
            .filter { $0.1 <= allowed }
            .min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension TOMLValue {
    /// The value as written in a message: strings quoted, others in TOML form.
    var shown: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .integer(let value): String(value)
        case .float(let value): String(value)
        case .boolean(let value): String(value)
        case .localDate(let date): date.description
        case .localTime(let time): time.description
        case .localDateTime(let value), .offsetDateTime(let value): value.description
        case .array: "an array"
        case .table: "a table"
        }
    }
}
