/// A value from a TOML document, of one of TOML 1.0's types. Values inside arrays
/// and tables are `TOMLNode`s, so every one of them keeps where it was written.
public indirect enum TOMLValue: Sendable {
    /// A string, with escapes already resolved.
    case string(String)
    /// A 64-bit signed integer; the parser rejects integers outside that range.
    case integer(Int64)
    /// A double-precision float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// A date-time with an offset from UTC: a single instant.
    case offsetDateTime(TOMLDateTime)
    /// A date-time without an offset; its `offsetSeconds` is nil.
    case localDateTime(TOMLDateTime)
    /// A date without a time.
    case localDate(TOMLDate)
    /// A time of day without a date.
    case localTime(TOMLTime)
    /// An array (static, `[...]`, or of tables, `[[...]]`); TOML allows mixed types.
    case array([TOMLNode])
    /// A table: the document itself, a `[header]`, an inline table or a dotted-key table.
    case table(TOMLTable)

    /// The type's name as TOML calls it, for messages such as
    /// "expected a string, found an integer".
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .offsetDateTime: "offset date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The type's name with its article ("an integer", "a table"), so messages
    /// read as English without each caller choosing between "a" and "an".
    public var typeNameWithArticle: String {
        switch self {
        case .integer, .offsetDateTime, .array: "an \(typeName)"
        default: "a \(typeName)"
        }
    }
}
