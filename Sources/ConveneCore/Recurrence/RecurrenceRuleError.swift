/// Why a recurrence rule was rejected, naming the part at fault so a coordinator
/// can find it: `BYDAY=2XX: "2XX" is not a weekday …`.
public struct RecurrenceRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule part at fault (`BYDAY`, `UNTIL`, …), or `RRULE` for the rule as a whole.
    public let part: String
    /// The text of that part as written (empty when the part is missing).
    public let value: String
    /// What is wrong, in plain words.
    public let reason: String

    public init(part: String, value: String = "", reason: String) {
        self.part = part
        self.value = value
        self.reason = reason
    }

    /// No rule at all, where one is needed.
    public static let empty = RecurrenceRuleError(
        part: "RRULE", reason: "the rule is empty; it needs at least FREQ, e.g. FREQ=MONTHLY;BYDAY=2TU")

    public var description: String {
        value.isEmpty ? "\(part): \(reason)" : "\(part)=\(value): \(reason)"
    }
}
