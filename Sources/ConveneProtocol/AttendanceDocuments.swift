/// `GET /v1/attendance` and `GET /v1/occurrences/{uid}/attendance`: who could come to
/// each meeting and who could not, one entry per invited forum, with earlier answers kept
/// as history; and the county's totals for the period.
public struct AttendanceDocument: Codable, Hashable, Sendable {
    public var meetings: [Meeting]
    public var totals: Totals
    /// One forum's record over the period, when the request named a forum.
    public var forum: ForumRecord?
    /// Whether apologies' reasons are shown: only to root and the admin group (reasons
    /// are personal data); everyone else sees `null` reasons and the counts.
    public var reasonsShown: Bool

    public init(meetings: [Meeting], totals: Totals, forum: ForumRecord? = nil, reasonsShown: Bool) {
        self.meetings = meetings
        self.totals = totals
        self.forum = forum
        self.reasonsShown = reasonsShown
    }

    enum CodingKeys: String, CodingKey {
        case meetings, totals, forum
        case reasonsShown = "reasons_shown"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(meetings, forKey: .meetings)
        try c.encode(totals, forKey: .totals)
        try c.encode(forum, forKey: .forum)
        try c.encode(reasonsShown, forKey: .reasonsShown)
    }

    /// An answer's words, as iCalendar has them; tables say coming, apologies, maybe.
    public enum Word: String, Codable, Hashable, Sendable, CaseIterable {
        case accepted, declined, tentative
        case noAnswer = "no_answer"

        /// The word a table shows.
        public var spoken: String {
            switch self {
            case .accepted: "coming"
            case .declined: "apologies"
            case .tentative: "maybe"
            case .noAnswer: "no answer"
            }
        }
    }

    public struct Counts: Codable, Hashable, Sendable {
        public var accepted = 0
        public var declined = 0
        public var tentative = 0
        public var noAnswer = 0

        public init(accepted: Int = 0, declined: Int = 0, tentative: Int = 0, noAnswer: Int = 0) {
            self.accepted = accepted
            self.declined = declined
            self.tentative = tentative
            self.noAnswer = noAnswer
        }

        enum CodingKeys: String, CodingKey {
            case accepted, declined, tentative
            case noAnswer = "no_answer"
        }

        public mutating func count(_ word: Word) {
            switch word {
            case .accepted: accepted += 1
            case .declined: declined += 1
            case .tentative: tentative += 1
            case .noAnswer: noAnswer += 1
            }
        }
    }

    public struct Meeting: Codable, Hashable, Sendable {
        public var uid: String
        public var title: String
        /// Local wall-clock start with its offset (RFC 3339).
        public var start: String
        public var counts: Counts
        /// Each invited forum's current answer (`current: true`, `no_answer` if it has
        /// none), and its earlier ones.
        public var answers: [Entry]
        /// Who came and who sent apologies, as a coordinator recorded after the meeting.
        public var attended: Attended?

        public init(uid: String, title: String, start: String, counts: Counts, answers: [Entry], attended: Attended?) {
            self.uid = uid
            self.title = title
            self.start = start
            self.counts = counts
            self.answers = answers
            self.attended = attended
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(uid, forKey: .uid)
            try c.encode(title, forKey: .title)
            try c.encode(start, forKey: .start)
            try c.encode(counts, forKey: .counts)
            try c.encode(answers, forKey: .answers)
            try c.encode(attended, forKey: .attended)
        }
    }

    public struct Entry: Codable, Hashable, Sendable {
        public var forum: String
        public var answer: Word
        /// Why, in the forum's words; null when none was given or it is not shown.
        public var reason: String?
        public var answeredAt: String?
        /// `calendar`, `mail` or `coordinator`; null for `no_answer`.
        public var via: String?
        /// The SEQUENCE of the invitation or update answered; null for `no_answer`.
        public var sequence: Int?
        public var current: Bool

        public init(
            forum: String, answer: Word, reason: String?, answeredAt: String?, via: String?, sequence: Int?, current: Bool
        ) {
            self.forum = forum
            self.answer = answer
            self.reason = reason
            self.answeredAt = answeredAt
            self.via = via
            self.sequence = sequence
            self.current = current
        }

        enum CodingKeys: String, CodingKey {
            case forum, answer, reason
            case answeredAt = "answered_at"
            case via, sequence, current
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(forum, forKey: .forum)
            try c.encode(answer, forKey: .answer)
            try c.encode(reason, forKey: .reason)
            try c.encode(answeredAt, forKey: .answeredAt)
            try c.encode(via, forKey: .via)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(current, forKey: .current)
        }
    }

    public struct Attended: Codable, Hashable, Sendable {
        public var came: [String]
        public var apologies: [String]
        public var recordedAt: String

        public init(came: [String], apologies: [String], recordedAt: String) {
            self.came = came
            self.apologies = apologies
            self.recordedAt = recordedAt
        }

        enum CodingKeys: String, CodingKey {
            case came, apologies
            case recordedAt = "recorded_at"
        }
    }

    /// The period's meetings and invitations, and what the current answers say.
    public struct Totals: Codable, Hashable, Sendable {
        public var meetings = 0
        /// Forum-meetings: each invited forum at each meeting.
        public var invited = 0
        public var accepted = 0
        public var declined = 0
        public var tentative = 0
        public var noAnswer = 0
        /// Forum-meetings recorded as attended, and as apologies, after the meeting.
        public var came = 0
        public var apologies = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case meetings, invited, accepted, declined, tentative
            case noAnswer = "no_answer"
            case came, apologies
        }
    }

    /// A forum's record: invited to how many meetings, how many it answered, said it
    /// was coming to, and came to.
    public struct ForumRecord: Codable, Hashable, Sendable {
        public var forum: String
        public var invited: Int
        public var answered: Int
        public var coming: Int
        public var came: Int

        public init(forum: String, invited: Int, answered: Int, coming: Int, came: Int) {
            self.forum = forum
            self.invited = invited
            self.answered = answered
            self.coming = coming
            self.came = came
        }
    }
}

/// `GET /v1/attendance`: the meetings of a month or a range of days (this month when
/// neither is given), optionally only one forum's.
public struct AttendanceQuery: Hashable, Sendable {
    public var range: ScheduleRange?
    public var forum: String?

    public init(range: ScheduleRange?, forum: String?) {
        self.range = range
        self.forum = forum
    }

    public static func parse(month: String?, from: String?, to: String?, forum: String?) throws(ControlFailure)
        -> AttendanceQuery
    {
        let given = month != nil || from != nil || to != nil
        return AttendanceQuery(range: given ? try ScheduleRange.parse(month: month, from: from, to: to) : nil, forum: forum)
    }

    public var query: [(String, String)] {
        (range?.query ?? []) + (forum.map { [("forum", $0)] } ?? [])
    }
}

/// The body of `POST /v1/occurrences/{uid}/answers`: an answer a coordinator took (by
/// phone, in person) for a forum.
public struct AnswerRequest: Codable, Hashable, Sendable {
    public var forum: String
    /// `accepted`, `declined` or `tentative`.
    public var answer: String
    public var reason: String?

    public init(forum: String, answer: String, reason: String?) {
        self.forum = forum
        self.answer = answer
        self.reason = reason
    }
}

/// The body of `POST /v1/occurrences/{uid}/attended`: after the meeting, which forums
/// came and which sent apologies. A later record replaces an earlier one (both kept).
public struct AttendedRequest: Codable, Hashable, Sendable {
    public var came: [String]
    public var apologies: [String]
    public var reason: String?

    public init(came: [String], apologies: [String], reason: String? = nil) {
        self.came = came
        self.apologies = apologies
        self.reason = reason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        came = try c.decode([String].self, forKey: .came)
        apologies = try c.decodeIfPresent([String].self, forKey: .apologies) ?? []
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
    }
}

/// The body of `POST /v1/inbox/purge`: quarantined messages older than a duration go.
public struct PurgeRequest: Codable, Hashable, Sendable {
    /// An ISO 8601 duration in days or weeks: `P90D`, `P12W`.
    public var olderThan: String

    public init(olderThan: String) {
        self.olderThan = olderThan
    }

    enum CodingKeys: String, CodingKey {
        case olderThan = "older_than"
    }
}

/// The body of `POST /v1/forget`: one person's reasons and name erased from answers and
/// the inbox record.
public struct ForgetRequest: Codable, Hashable, Sendable {
    public var contact: String

    public init(contact: String) {
        self.contact = contact
    }
}

/// What a coordinator's record did: `answer`, `attended`, `purge` or `forget`, and how
/// many entries or messages it touched.
public struct RecordedDocument: Codable, Hashable, Sendable {
    public var action: String
    public var count: Int
    /// A sentence saying what was done.
    public var summary: String

    public init(action: String, count: Int, summary: String) {
        self.action = action
        self.count = count
        self.summary = summary
    }
}

/// `GET /v1/inbox`: what arrived and what became of it, newest first.
public struct InboxDocument: Codable, Hashable, Sendable {
    public var messages: [Message]
    public var counts: Counts

    public init(messages: [Message], counts: Counts) {
        self.messages = messages
        self.counts = counts
    }

    public struct Message: Codable, Hashable, Sendable {
        /// The file's name in `cur/` (or the quarantine's `cur/`); null once purged.
        public var file: String?
        public var receivedAt: String
        /// `answer`, `stale-answer`, `auto-reply`, `bounce`, `needs-person` or `quarantine`.
        public var outcome: String
        /// Why it was quarantined or needs a person.
        public var reason: String?
        public var forum: String?
        public var occurrence: String?

        public init(
            file: String?, receivedAt: String, outcome: String, reason: String?, forum: String?, occurrence: String?
        ) {
            self.file = file
            self.receivedAt = receivedAt
            self.outcome = outcome
            self.reason = reason
            self.forum = forum
            self.occurrence = occurrence
        }

        enum CodingKeys: String, CodingKey {
            case file
            case receivedAt = "received_at"
            case outcome, reason, forum, occurrence
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(receivedAt, forKey: .receivedAt)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reason, forKey: .reason)
            try c.encode(forum, forKey: .forum)
            try c.encode(occurrence, forKey: .occurrence)
        }
    }

    /// Every message the inbox has recorded, by what became of it.
    public struct Counts: Codable, Hashable, Sendable {
        public var answers: Int
        public var quarantined: Int
        public var needsPerson: Int
        public var autoReplies: Int
        public var bounces: Int

        public init(answers: Int, quarantined: Int, needsPerson: Int, autoReplies: Int, bounces: Int) {
            self.answers = answers
            self.quarantined = quarantined
            self.needsPerson = needsPerson
            self.autoReplies = autoReplies
            self.bounces = bounces
        }

        enum CodingKeys: String, CodingKey {
            case answers, quarantined
            case needsPerson = "needs_person"
            case autoReplies = "auto_replies"
            case bounces
        }
    }
}

/// `GET /v1/inbox?state=`: which messages to list, by what became of them.
public enum InboxState {
    /// The words `state` takes.
    public static let words = ["all", "quarantined", "needs-person", "answer", "stale-answer", "auto-reply", "bounce"]

    /// The recorded outcome `state` asks for; nil for all messages.
    public static func outcome(_ state: String?) throws(ControlFailure) -> String? {
        switch state {
        case nil, "all": return nil
        case "quarantined", "quarantine": return "quarantine"
        case let word? where words.contains(word): return word
        case let other?:
            throw ControlFailure(
                .badRequest, "state: expected one of \(words.joined(separator: ", ")), not \"\(other)\"")
        }
    }
}

/// A coordinator's record that is not a change to the schedule: an answer taken by
/// phone, who came, a purge of old quarantined messages, an erasure. Admins only, audited.
public enum CoordinatorRecord: Hashable, Sendable {
    case answer(uid: String, AnswerRequest)
    case attended(uid: String, AttendedRequest)
    case purge(PurgeRequest)
    case forget(ForgetRequest)

    /// The word the answer and the audit use.
    public var action: String {
        switch self {
        case .answer: "answer"
        case .attended: "attended"
        case .purge: "purge"
        case .forget: "forget"
        }
    }
}
