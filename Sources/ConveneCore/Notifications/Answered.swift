/// Which forums have answered which meetings, and to which version: the highest
/// SEQUENCE each forum answered each occurrence at. The planner asks no forum "Can you
/// come?" once it has an answer that stands for what it was last told (a move asks
/// again, so an answer to an earlier version does not count).
public struct Answered: Hashable, Sendable {
    private var latest: [NotificationPlanner.Pair: Int] = [:]

    /// No answers.
    public init() {}

    /// The answers given: a forum, an occurrence and the SEQUENCE answered, in any order
    /// and with repeats.
    public init(_ answers: some Sequence<(forum: String, occurrence: String, sequence: Int)>) {
        for answer in answers {
            let pair = NotificationPlanner.Pair(occurrence: answer.occurrence, forum: answer.forum)
            latest[pair] = max(latest[pair] ?? answer.sequence, answer.sequence)
        }
    }

    /// Whether `forum` answered `occurrence` at `sequence` or later.
    public func hasAnswered(forum: String, occurrence: String, atOrAfter sequence: Int) -> Bool {
        guard let answered = latest[NotificationPlanner.Pair(occurrence: occurrence, forum: forum)] else { return false }
        return answered >= sequence
    }

    /// Whether no forum has answered any of the meetings.
    public var isEmpty: Bool { latest.isEmpty }
}
