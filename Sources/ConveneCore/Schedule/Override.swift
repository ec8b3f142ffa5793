/// A coordinator's decision about one occurrence, which wins over the computed slot.
/// Overrides are inputs to the scheduler, in the order they were made; the last one
/// for an occurrence counts, and `restore` undoes what came before it.
public struct Override: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        case cancel
        /// To this wall-clock start (the series' duration kept), optionally at another venue.
        case move(to: LocalDateTime, venue: String?)
        case restore
    }

    /// The occurrence's `uid`.
    public let uid: String
    public let action: Action
    /// Why, in the coordinator's words ("County Hall is flooded").
    public let reason: String

    public init(uid: String, action: Action, reason: String) {
        self.uid = uid
        self.action = action
        self.reason = reason
    }
}
