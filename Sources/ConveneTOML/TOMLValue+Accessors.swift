/// Optional views of a value as one type, so that decoding code can write
/// `guard let name = node.value.stringValue else { ... }` instead of a switch.
/// None of them converts: an integer is not a float here.
extension TOMLValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The integer, if this is an integer.
    public var integerValue: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The float, if this is a float.
    public var floatValue: Double? {
        if case .float(let value) = self { value } else { nil }
    }

    /// The boolean, if this is a boolean.
    public var booleanValue: Bool? {
        if case .boolean(let value) = self { value } else { nil }
    }

    /// The date-time, if this is an offset or a local date-time; a local one has a
    /// nil `offsetSeconds`.
    public var dateTimeValue: TOMLDateTime? {
        switch self {
        case .offsetDateTime(let value), .localDateTime(let value): value
        default: nil
        }
    }

    /// The date, if this is a local date.
    public var dateValue: TOMLDate? {
        if case .localDate(let value) = self { value } else { nil }
    }

    /// The time, if this is a local time.
    public var timeValue: TOMLTime? {
        if case .localTime(let value) = self { value } else { nil }
    }

    /// The elements, if this is an array.
    public var arrayValue: [TOMLNode]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The table, if this is a table.
    public var tableValue: TOMLTable? {
        if case .table(let value) = self { value } else { nil }
    }
}
