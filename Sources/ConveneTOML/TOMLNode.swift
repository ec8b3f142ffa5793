/// A value together with where it starts in the document, so that a problem found
/// long after parsing (an unknown venue, a date in the past) can still be reported
/// at the right line and column.
public struct TOMLNode: Sendable {
    /// The value.
    public let value: TOMLValue
    /// Where the value starts: its first character for a scalar, the `[` of an
    /// array, the `{` of an inline table, the `[` of the `[header]` or `[[header]]`
    /// that defined a table, or the first dotted key that created one.
    public let position: SourcePosition

    /// Pairs a value with its position.
    public init(value: TOMLValue, position: SourcePosition) {
        self.value = value
        self.position = position
    }
}
