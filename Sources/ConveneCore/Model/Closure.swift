/// Days the organisation, or one venue, is closed (inclusive).
public struct Closure: Hashable, Sendable {
    public let from: CivilDate
    public let to: CivilDate
    public let reason: String
    /// A `Venue` id, or nil when the whole organisation is closed.
    public let venue: String?

    public init(from: CivilDate, to: CivilDate, reason: String, venue: String? = nil) {
        self.from = from
        self.to = to
        self.reason = reason
        self.venue = venue
    }

    public func contains(_ date: CivilDate) -> Bool { from <= date && date <= to }
}
