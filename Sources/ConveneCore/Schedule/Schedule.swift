/// The occurrences of a date range, in time order (then by series), as `Scheduler`
/// computed them.
public struct Schedule: Hashable, Sendable {
    public let occurrences: [Occurrence]

    public init(occurrences: [Occurrence]) {
        self.occurrences = occurrences
    }

    public func occurrence(_ uid: String) -> Occurrence? { occurrences.first { $0.uid == uid } }

    /// The occurrences a forum is invited to.
    public func occurrences(for forum: String) -> [Occurrence] {
        occurrences.filter { $0.invited.contains(forum) }
    }
}
