/// How a series would do in one slot over the months asked about, as the real
/// scheduler places it: how many invited forums could come, which could not and why,
/// what moves, and what other series it pushes aside.
public struct SlotAppraisal: Sendable {
    public let pattern: SlotPattern
    /// When its meetings end, by the clock (the series' duration after `pattern.start`;
    /// earlier than the start for a meeting that runs past midnight).
    public let end: LocalTime
    public let invited: Int
    /// Each month the rule gives a meeting in, in order.
    public let months: [MonthAble]
    /// The mean over `months` of the invited forums that can attend (a meeting that does
    /// not take place counts as none).
    public let forumsAbleAverage: Double
    /// The fewest invited forums able to come to any one of its meetings.
    public let forumsAbleWorst: Int
    /// Forums that cannot come to at least one meeting, by id.
    public let cannotAttend: [Shortfall]
    public let moved: Int
    public let unplaced: Int
    public let skipped: Int
    /// Other series' meetings placed differently than they are now.
    public let displaces: [Displacement]
    /// The second score, from the answers forums gave; nil when none are known.
    public let answers: AnswerAppraisal?
    /// How many of its meetings each invited forum could come to.
    public let ableMeetings: [String: Int]

    /// The months' average as the ranking compares it: to a thousandth of a forum, so
    /// that two slots with the same meetings always tie however the sum was rounded.
    var averageKey: Int { Int((forumsAbleAverage * 1000).rounded()) }

    /// The forums able to come to more of its meetings than in `other`, and to fewer.
    public func change(from other: SlotAppraisal) -> (gains: [String], loses: [String]) {
        let forums = Set(ableMeetings.keys).union(other.ableMeetings.keys).sorted()
        return (
            forums.filter { ableMeetings[$0, default: 0] > other.ableMeetings[$0, default: 0] },
            forums.filter { ableMeetings[$0, default: 0] < other.ableMeetings[$0, default: 0] }
        )
    }
}

/// One month's meetings in a slot: how many, and the mean number of invited forums able
/// to come to them.
public struct MonthAble: Hashable, Sendable {
    public let year: Int
    public let month: Int
    public let meetings: Int
    public let forumsAble: Double
}

/// An invited forum that could not come to some of a slot's meetings, and why.
public struct Shortfall: Hashable, Sendable {
    public let forum: String
    public let why: String
    /// The meetings (taking place) it could not come to, of `held`.
    public let meetings: Int
    public let held: Int
}

/// Another series' meeting that a slot pushes aside: as it is placed now, and as it
/// would be.
public struct Displacement: Sendable {
    public let before: Occurrence
    public let after: Occurrence
}

/// The second score: the slot's meetings counted again with what each forum's past
/// answers show it cannot do (`LearnedHours`).
public struct AnswerAppraisal: Sendable {
    public let forumsAbleAverage: Double
    public let forumsAbleWorst: Int
    /// Forums whose answers rule out some of the slot's meetings that their stated hours
    /// allow, with the answers that shows.
    public let cannotAttend: [LearnedShortfall]

    var averageKey: Int { Int((forumsAbleAverage * 1000).rounded()) }
}

/// A forum its past answers show cannot come to some of a slot's meetings.
public struct LearnedShortfall: Sendable {
    public let forum: String
    public let why: String
    public let meetings: Int
    public let held: Int
    /// The answers it rests on, oldest first.
    public let answers: [PastAnswer]
}
