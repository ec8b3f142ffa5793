/// A forum's answer to a meeting it was told of, with the slot it answered about: the
/// evidence suggestions learn from.
public struct PastAnswer: Hashable, Sendable {
    public let forum: String
    public let answer: Answer
    public let reason: String?
    public let title: String
    /// The meeting's start and end as the forum was told them, wall-clock.
    public let start: LocalDateTime
    public let end: LocalDateTime

    public init(forum: String, answer: Answer, reason: String?, title: String, start: LocalDateTime, end: LocalDateTime) {
        self.forum = forum
        self.answer = answer
        self.reason = reason
        self.title = title
        self.start = start
        self.end = end
    }
}

/// What a forum's answers show it cannot do, beyond the hours it stated: start before
/// a time, stay past a time, or meet on a weekday. Learned only from a pattern (at least
/// two apologies on the same side of every acceptance), never from one apology, and
/// never from an apology whose reason says it was a one-off (illness, a hospital
/// appointment, a holiday).
///
/// A forum that declined every 09:30 start but accepted those at 10:30 cannot come
/// before 10:00: the boundary is halfway between, on the quarter hour. Apologies show a
/// limit only beside acceptances on the other side of it.
public struct LearnedHours: Sendable {
    public let forum: String
    /// Meetings starting before this time are ruled out.
    public let notBefore: LocalTime?
    /// Meetings ending after this time are ruled out.
    public let notAfter: LocalTime?
    /// Weekdays ruled out.
    public let notOn: [Weekday]
    /// The answers each finding rests on, oldest first.
    public let evidence: [PastAnswer]

    /// The fewest apologies that make a pattern.
    static let pattern = 2

    /// Whether a meeting from `start` to `end` (wall-clock) is ruled out.
    public func rulesOut(start: LocalDateTime, end: LocalDateTime) -> Bool {
        if let notBefore, start.time < notBefore { return true }
        let ends = end.wallSeconds - start.date.dayNumber * 86_400
        if let notAfter, ends > notAfter.secondsSinceMidnight { return true }
        return notOn.contains(start.date.weekday)
    }

    /// In a coordinator's words: "sent apologies for every meeting starting before 10:00".
    public var why: String {
        var parts: [String] = []
        if let notBefore { parts.append("starting before \(DayText.time(notBefore))") }
        if let notAfter { parts.append("ending after \(DayText.time(notAfter))") }
        if !notOn.isEmpty { parts.append("on " + EnglishList.joined(notOn.map { $0.name + "s" }, or: true)) }
        return "sent apologies for every meeting " + EnglishList.joined(parts, or: true)
    }

    /// Each forum's learned hours from `answers` (each forum's latest answer per meeting
    /// and slot), for forums whose answers show a pattern.
    public static func learn(from answers: [PastAnswer]) -> [String: LearnedHours] {
        var result: [String: LearnedHours] = [:]
        for (forum, given) in Dictionary(grouping: answers, by: \.forum) {
            if let learned = learn(forum: forum, given) { result[forum] = learned }
        }
        return result
    }

    private static func learn(forum: String, _ answers: [PastAnswer]) -> LearnedHours? {
        // Apologies show a limit only beside acceptances: a forum that has never come says
        // nothing yet about when it could.
        let accepted = answers.filter { $0.answer == .accepted }
        let declined = answers.filter { $0.answer == .declined && !isOneOff($0.reason) }
        guard declined.count >= pattern, !accepted.isEmpty else { return nil }
        var evidence: [PastAnswer] = []

        // Too early: apologies for meetings starting before every meeting it came to.
        var notBefore: LocalTime?
        let earliestAccepted = accepted.map(\.start.time).min()!
        let early = declined.filter { $0.start.time < earliestAccepted }
        if early.count >= pattern, let latest = early.map(\.start.time).max() {
            notBefore = halfway(latest.secondsSinceMidnight, earliestAccepted.secondsSinceMidnight, up: true)
            evidence += early + accepted.filter { $0.start.time >= notBefore! }.prefix(3)
        }
        // Too late: apologies for meetings ending after every meeting it came to.
        var notAfter: LocalTime?
        let latestAccepted = accepted.map(endSeconds).max()!
        let late = declined.filter { endSeconds($0) > latestAccepted && !early.contains($0) }
        if late.count >= pattern, let earliest = late.map(endSeconds).min() {
            notAfter = halfway(latestAccepted, earliest, up: false)
            evidence += late + accepted.filter { endSeconds($0) <= notAfter!.secondsSinceMidnight }.prefix(3)
        }
        // A weekday: apologies on it that the times do not explain, and no acceptance.
        let explained = { (answer: PastAnswer) in
            (notBefore.map { answer.start.time < $0 } ?? false)
                || (notAfter.map { endSeconds(answer) > $0.secondsSinceMidnight } ?? false)
        }
        let acceptedDays = Set(accepted.map(\.start.date.weekday))
        var notOn: [Weekday] = []
        let unexplained = declined.filter { !explained($0) && !acceptedDays.contains($0.start.date.weekday) }
        for (weekday, onIt) in Dictionary(grouping: unexplained, by: \.start.date.weekday) where onIt.count >= pattern {
            notOn.append(weekday)
            evidence += onIt
        }
        notOn.sort()
        guard notBefore != nil || notAfter != nil || !notOn.isEmpty else { return nil }
        var seen = Set<PastAnswer>()
        let ordered = evidence.filter { seen.insert($0).inserted }.sorted { ($0.start, $0.title) < ($1.start, $1.title) }
        return LearnedHours(forum: forum, notBefore: notBefore, notAfter: notAfter, notOn: notOn, evidence: ordered)
    }

    /// Halfway between two times of day (seconds since midnight), on a quarter hour: the
    /// next one for a first start (`up`), the one before for a last end.
    private static func halfway(_ a: Int, _ b: Int, up: Bool) -> LocalTime {
        let middle = (a + b) / 2
        return LocalTime(clamping: (up ? middle + 899 : middle) / 900 * 900)
    }

    /// When a meeting ends, in seconds from the midnight it started after: past 24 hours
    /// for one that runs into the next day.
    static func endSeconds(_ answer: PastAnswer) -> Int {
        answer.end.wallSeconds - answer.start.date.dayNumber * 86_400
    }

    /// Words in a reason that say an apology was a one-off, not about the time or day.
    static let oneOffWords = [
        "ill", "illness", "sick", "poorly", "unwell", "hospital", "appointment", "holiday", "away", "funeral",
        "covid", "operation", "surgery", "bereavement",
    ]

    /// Whether `reason` says the apology was a one-off (then it shows nothing about the slot).
    static func isOneOff(_ reason: String?) -> Bool {
        guard let reason else { return false }
        let words = reason.lowercased().split { !$0.isLetter }
        return words.contains { oneOffWords.contains(String($0)) }
    }
}

extension LocalTime {
    /// The time `seconds` after midnight, held within the day.
    init(clamping seconds: Int) {
        self.init(secondsSinceMidnight: min(max(seconds, 0), 86_399))
    }
}
