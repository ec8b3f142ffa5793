import ConveneTOML
import Foundation

/// A parsed TOML document in the shape of toml-test's tagged JSON, which both sides
/// of the differential test can produce: Convene's parser from its `TOMLTable`, and
/// `Oracles/toml_oracle.py` from Python's `tomllib`.
///
/// Floats compare by value (every NaN equals every NaN; -0.0 differs from 0.0),
/// date-times by their canonical text: six fraction digits and a numeric offset.
indirect enum TOMLTaggedValue: Equatable, CustomStringConvertible {
    case table([String: TOMLTaggedValue])
    case array([TOMLTaggedValue])
    case float(Double)
    /// Any other scalar: toml-test's type name and the value as text.
    case scalar(type: String, value: String)

    /// Convene's reading of a document.
    init(_ table: TOMLTable) {
        var members: [String: TOMLTaggedValue] = [:]
        for key in table.keys {
            if let node = table[key] { members[key] = TOMLTaggedValue(node.value) }
        }
        self = .table(members)
    }

    init(_ value: TOMLValue) {
        switch value {
        case .string(let text): self = .scalar(type: "string", value: text)
        case .integer(let number): self = .scalar(type: "integer", value: String(number))
        case .float(let number): self = .float(number)
        case .boolean(let flag): self = .scalar(type: "bool", value: flag ? "true" : "false")
        case .offsetDateTime(let moment): self = .scalar(type: "datetime", value: Self.canonical(moment))
        case .localDateTime(let moment): self = .scalar(type: "datetime-local", value: Self.canonical(moment))
        case .localDate(let date): self = .scalar(type: "date-local", value: date.description)
        case .localTime(let time): self = .scalar(type: "time-local", value: Self.canonical(time))
        case .array(let nodes): self = .array(nodes.map { TOMLTaggedValue($0.value) })
        case .table(let table): self = TOMLTaggedValue(table)
        }
    }

    /// The oracle's reading, from its JSON; nil if the JSON is not tagged TOML.
    init?(json: Any) {
        if let list = json as? [Any] {
            var elements: [TOMLTaggedValue] = []
            for element in list {
                guard let tagged = TOMLTaggedValue(json: element) else { return nil }
                elements.append(tagged)
            }
            self = .array(elements)
        } else if let object = json as? [String: Any] {
            if object.count == 2, let type = object["type"] as? String, let value = object["value"] as? String {
                if type == "float" {
                    guard let number = Double(value) else { return nil }
                    self = .float(number)
                } else {
                    self = .scalar(type: type, value: value)
                }
                return
            }
            var members: [String: TOMLTaggedValue] = [:]
            for (key, element) in object {
                guard let tagged = TOMLTaggedValue(json: element) else { return nil }
                members[key] = tagged
            }
            self = .table(members)
        } else {
            return nil
        }
    }

    static func == (lhs: TOMLTaggedValue, rhs: TOMLTaggedValue) -> Bool {
        switch (lhs, rhs) {
        case let (.table(left), .table(right)): left == right
        case let (.array(left), .array(right)): left == right
        case let (.float(left), .float(right)):
            (left.isNaN && right.isNaN) || (left == right && left.sign == right.sign)
        case let (.scalar(leftType, leftValue), .scalar(rightType, rightValue)):
            leftType == rightType && leftValue == rightValue
        default: false
        }
    }

    /// Compact JSON-like text with sorted keys, for mismatch reports.
    var description: String {
        switch self {
        case .table(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription): \($0.value)" }.joined(separator: ", ")
                + "}"
        case .array(let elements):
            "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .float(let number):
            "float(\(number))"
        case let .scalar(type, value):
            "\(type)(\(value.debugDescription))"
        }
    }

    private static func canonical(_ moment: TOMLDateTime) -> String {
        var text = "\(moment.date)T\(canonical(moment.time))"
        if let offset = moment.offsetSeconds {
            let minutes = abs(offset) / 60
            text += (offset < 0 ? "-" : "+") + padded(minutes / 60, 2) + ":" + padded(minutes % 60, 2)
        }
        return text
    }

    /// `HH:MM:SS.ffffff`: tomllib keeps microseconds, so the nanoseconds are cut to those.
    private static func canonical(_ time: TOMLTime) -> String {
        "\(padded(time.hour, 2)):\(padded(time.minute, 2)):\(padded(time.second, 2)).\(padded(time.nanosecond / 1000, 6))"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
