import ConveneCore

/// One coordinator's override as the audit trail keeps it: what, on which occurrence,
/// why, who made it and when.
public struct OverrideEntry: Hashable, Sendable {
    /// The row id: overrides apply in this order.
    public let id: Int64
    /// The override itself, with its reason.
    public let override: Override
    /// Who made it (a user name, as the control socket saw the peer).
    public let madeBy: String
    /// When it was made (seconds since the epoch).
    public let madeAt: Int

    /// An entry as read from the audit trail.
    public init(id: Int64, override: Override, madeBy: String, madeAt: Int) {
        self.id = id
        self.override = override
        self.madeBy = madeBy
        self.madeAt = madeAt
    }
}
