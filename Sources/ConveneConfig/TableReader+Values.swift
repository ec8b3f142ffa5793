import ConveneCore
import ConveneTOML

/// Typed reads. Each returns nil after reporting a problem (a wrong type, a value out
/// of range) or when an optional key is absent; `required` keys also report absence.
extension TableReader {
    func string(_ key: String, required: Bool = false, maxLength: Int = 500) -> String? {
        guard let (node, location) = value(key, required: required, expected: "a string") else { return nil }
        guard let text = node.value.stringValue else {
            return wrongType(node, location, expected: "a string")
        }
        let trimmed = String(text.trimmingWhitespace())
        guard !trimmed.isEmpty else {
            error(location, "must not be empty")
            return nil
        }
        guard trimmed.count <= maxLength else {
            error(location, "is \(trimmed.count) characters long; at most \(maxLength) allowed")
            return nil
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            error(location, "must not contain control characters such as newlines or tabs")
            return nil
        }
        return trimmed
    }

    func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let (node, location) = value(key, required: required, expected: expected) else { return nil }
        guard let raw = node.value.integerValue else { return wrongType(node, location, expected: expected) }
        guard let value = Int(exactly: raw), range.contains(value) else {
            error(location, "\(raw) is out of range; expected \(expected)")
            return nil
        }
        return value
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let (node, location) = value(key, required: required, expected: "true or false") else { return nil }
        guard let flag = node.value.booleanValue else { return wrongType(node, location, expected: "true or false") }
        return flag
    }

    func date(_ key: String, required: Bool = false) -> CivilDate? {
        guard let (node, location) = value(key, required: required, expected: "a date such as 2027-04-13") else { return nil }
        return date(node, location)
    }

    func date(_ node: TOMLNode, _ location: SourceLocation) -> CivilDate? {
        guard let date = node.value.dateValue else {
            return wrongType(node, location, expected: "a date such as 2027-04-13 (without quotes)")
        }
        return CivilDate(year: date.year, month: date.month, day: date.day)
    }

    /// `"HH:MM"` or a TOML local time.
    func time(_ key: String, required: Bool = false) -> LocalTime? {
        let expected = "a time of day such as \"10:00\""
        guard let (node, location) = value(key, required: required, expected: expected) else { return nil }
        if let time = node.value.timeValue {
            return LocalTime(hour: time.hour, minute: time.minute, second: time.second)
        }
        guard let text = node.value.stringValue else { return wrongType(node, location, expected: expected) }
        guard let time = LocalTime(text) else {
            error(
                location, "\"\(text)\" is not a time of day; expected HH:MM on the 24-hour clock, such as \"10:00\" or \"18:30\"")
            return nil
        }
        return time
    }

    func duration(_ key: String, required: Bool = false) -> ISODuration? {
        let expected = "an ISO 8601 duration such as \"PT2H\" or \"P14D\""
        guard let (node, location) = value(key, required: required, expected: expected) else { return nil }
        guard let text = node.value.stringValue else { return wrongType(node, location, expected: expected) }
        return duration(text, location)
    }

    func duration(_ text: String, _ location: SourceLocation) -> ISODuration? {
        guard let duration = ISODuration(text) else {
            let datePart = text.uppercased().split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let hint =
                datePart.contains("Y") || datePart.contains("M")
                ? " (years and months have no fixed length: use days, e.g. \"P30D\")" : ""
            error(
                location,
                "\"\(text)\" is not a duration; expected ISO 8601 such as \"PT2H\", \"PT1H30M\", \"P2D\" or \"P1W\"\(hint)")
            return nil
        }
        return duration
    }

    /// An id: lower-case letters, digits and hyphens, starting with a letter.
    func identifier(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        if let problem = Identifier.problem(text) {
            if let (_, location) = located(key) { error(location, problem) }
            return nil
        }
        return text
    }

    /// An array of strings, each with its location.
    func strings(_ key: String, required: Bool = false) -> [(String, SourceLocation)]? {
        guard let (node, location) = value(key, required: required, expected: "an array of strings") else { return nil }
        guard let items = node.value.arrayValue else { return wrongType(node, location, expected: "an array of strings") }
        var result: [(String, SourceLocation)] = []
        for (index, item) in items.enumerated() {
            let itemLocation = SourceLocation(
                file: location.file, position: item.position, keyPath: "\(location.keyPath)[\(index)]")
            guard let text = item.value.stringValue else {
                error(itemLocation, "expected a string, found \(item.value.typeName) \(item.value.shown)")
                continue
            }
            result.append((text, itemLocation))
        }
        return result
    }

    /// An array's elements with their locations (any types).
    func array(_ key: String, required: Bool = false, expected: String) -> [(TOMLNode, SourceLocation)]? {
        guard let (node, location) = value(key, required: required, expected: expected) else { return nil }
        guard let items = node.value.arrayValue else { return wrongType(node, location, expected: expected) }
        return items.enumerated().map { index, item in
            (item, SourceLocation(file: location.file, position: item.position, keyPath: "\(location.keyPath)[\(index)]"))
        }
    }

    /// A sub-table (`[organisation]` or an inline table), layered like this one.
    func table(_ key: String, required: Bool = false) -> TableReader? {
        if !(layers.contains { $0.table[key] != nil }) {
            _ = located(key)
            if required { missing(key, "a table") }
            return nil
        }
        var sublayers: [Layer] = []
        for layer in layers {
            guard let node = layer.table[key] else { continue }
            guard let table = node.value.tableValue else {
                error(
                    SourceLocation(file: layer.file, position: node.position, keyPath: keyPath(key)),
                    "expected a table, found \(node.value.typeName)")
                continue
            }
            sublayers.append(Layer(file: layer.file, table: table))
        }
        _ = located(key)
        return sublayers.isEmpty ? nil : TableReader(layers: sublayers, path: keyPath(key), log: log)
    }

    /// An array of tables (`[[venue]]`), appended across layers, each with path `venue[i]`.
    func tables(_ key: String) -> [TableReader] {
        _ = located(key)
        var readers: [TableReader] = []
        for layer in layers {
            guard let node = layer.table[key] else { continue }
            guard let items = node.value.arrayValue else {
                error(
                    SourceLocation(file: layer.file, position: node.position, keyPath: keyPath(key)),
                    "expected [[\(key)]] tables, found \(node.value.typeName)")
                continue
            }
            for item in items {
                let path = "\(keyPath(key))[\(readers.count)]"
                guard let table = item.value.tableValue else {
                    error(
                        SourceLocation(file: layer.file, position: item.position, keyPath: path),
                        "expected a table, found \(item.value.typeName)")
                    continue
                }
                readers.append(TableReader(file: layer.file, table: table, path: path, log: log))
            }
        }
        return readers
    }

    // MARK: Helpers

    private func value(_ key: String, required: Bool, expected: String) -> (TOMLNode, SourceLocation)? {
        guard let found = located(key) else {
            if required { missing(key, expected) }
            return nil
        }
        return found
    }

    private func wrongType<T>(_ node: TOMLNode, _ location: SourceLocation, expected: String) -> T? {
        let shown = Self.holdsPersonalData(location.keyPath) ? "" : " " + node.value.shown
        error(location, "expected \(expected), found \(node.value.typeName)\(shown)")
        return nil
    }

    /// Whether the value at `keyPath` may be someone's name or address (`contacts`,
    /// `contacts[0].email`, `organisation.organiser.email`), so messages must not quote
    /// it: diagnostics reach the journal, where personal data has no place.
    static func holdsPersonalData(_ keyPath: String) -> Bool {
        let last = keyPath.split(separator: ".").last.map { $0.prefix { $0 != "[" } } ?? ""
        return ["contacts", "email", "organiser"].contains(String(last))
    }
}
