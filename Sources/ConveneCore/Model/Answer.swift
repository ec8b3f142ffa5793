/// A forum's answer to "can you come?", in iCalendar's words (RFC 5545's PARTSTAT for an
/// event): coming, not coming, maybe.
public enum Answer: String, CaseIterable, Hashable, Sendable {
    case accepted
    case declined
    case tentative

    /// The PARTSTAT value: `ACCEPTED`, `DECLINED`, `TENTATIVE`.
    public var partStat: String { rawValue.uppercased() }

    /// The answer a PARTSTAT stands for; nil for `NEEDS-ACTION` and anything else.
    public init?(partStat: String) {
        self.init(rawValue: partStat.lowercased())
    }
}
