/// `GET /v1/series/{id}/suggestions` and `convenectl suggest --json`: the series' current
/// slot and the best others, each as the scheduler would place it over the months asked
/// about, best first.
public struct SuggestionsDocument: Codable, Hashable, Sendable {
    public var series: String
    public var title: String
    /// The first month (`YYYY-MM`) and how many.
    public var from: String
    public var months: Int
    public var current: Slot
    public var suggestions: [Slot]
    /// How many slots were tried (each placed with the whole schedule over the months).
    public var tried: Int
    /// How many extra and excluded dates (RDATE, EXDATE) the series has: they belong to
    /// its current slot, so the other slots are tried without them.
    public var exceptions: Int
    /// The name of every forum the slots mention, by id.
    public var forumNames: [String: String]
    /// Whether apologies' reasons are shown: only to root and the admin group.
    public var reasonsShown: Bool

    public init(
        series: String, title: String, from: String, months: Int, current: Slot, suggestions: [Slot], tried: Int,
        exceptions: Int, forumNames: [String: String], reasonsShown: Bool
    ) {
        self.tried = tried
        self.exceptions = exceptions
        self.forumNames = forumNames
        self.series = series
        self.title = title
        self.from = from
        self.months = months
        self.current = current
        self.suggestions = suggestions
        self.reasonsShown = reasonsShown
    }

    enum CodingKeys: String, CodingKey {
        case series, title, from, months, current, suggestions, tried, exceptions
        case forumNames = "forum_names"
        case reasonsShown = "reasons_shown"
    }

    /// One slot: the rule, first date and start time to put in the series' file, and how
    /// it would do.
    public struct Slot: Codable, Hashable, Sendable {
        /// The RRULE (without `RRULE:`), as the series' `rrule` key takes it.
        public var rule: String
        /// `dtstart` (`YYYY-MM-DD`), `start` and `end` (`HH:MM`).
        public var dtstart: String
        public var start: String
        public var end: String
        /// "2nd Wednesday of the month (not August)".
        public var when: String
        /// "2nd Wed", for narrow columns.
        public var day: String
        public var venue: String?
        public var venueName: String?
        public var forumsAbleAverage: Double
        public var forumsAbleWorst: Int
        public var invited: Int
        public var cannotAttend: [CannotAttend]
        public var moved: Int
        public var unplaced: Int
        public var skipped: Int
        public var displaces: [Displaced]
        /// Forums able to come to more of its meetings than in the current slot, and to fewer.
        public var gains: [String]
        public var loses: [String]
        public var monthly: [Month]
        /// The second score, from forums' past answers; null when no forum's answers show a pattern.
        public var answers: AnswerScore?

        public init(
            rule: String, dtstart: String, start: String, end: String, when: String, day: String, venue: String?,
            venueName: String?,
            forumsAbleAverage: Double, forumsAbleWorst: Int, invited: Int, cannotAttend: [CannotAttend], moved: Int,
            unplaced: Int, skipped: Int, displaces: [Displaced], gains: [String], loses: [String], monthly: [Month],
            answers: AnswerScore?
        ) {
            self.rule = rule
            self.dtstart = dtstart
            self.start = start
            self.end = end
            self.when = when
            self.day = day
            self.venue = venue
            self.venueName = venueName
            self.forumsAbleAverage = forumsAbleAverage
            self.forumsAbleWorst = forumsAbleWorst
            self.invited = invited
            self.cannotAttend = cannotAttend
            self.moved = moved
            self.unplaced = unplaced
            self.skipped = skipped
            self.displaces = displaces
            self.gains = gains
            self.loses = loses
            self.monthly = monthly
            self.answers = answers
        }

        enum CodingKeys: String, CodingKey {
            case rule, dtstart, start, end, when, day, venue, invited, moved, unplaced, skipped, displaces, gains, loses
            case monthly, answers
            case venueName = "venue_name"
            case forumsAbleAverage = "forums_able_average"
            case forumsAbleWorst = "forums_able_worst"
            case cannotAttend = "cannot_attend"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(dtstart, forKey: .dtstart)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(when, forKey: .when)
            try c.encode(day, forKey: .day)
            try c.encode(venue, forKey: .venue)
            try c.encode(venueName, forKey: .venueName)
            try c.encode(forumsAbleAverage, forKey: .forumsAbleAverage)
            try c.encode(forumsAbleWorst, forKey: .forumsAbleWorst)
            try c.encode(invited, forKey: .invited)
            try c.encode(cannotAttend, forKey: .cannotAttend)
            try c.encode(moved, forKey: .moved)
            try c.encode(unplaced, forKey: .unplaced)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(displaces, forKey: .displaces)
            try c.encode(gains, forKey: .gains)
            try c.encode(loses, forKey: .loses)
            try c.encode(monthly, forKey: .monthly)
            try c.encode(answers, forKey: .answers)
        }
    }

    /// A forum that cannot come to some of a slot's meetings.
    public struct CannotAttend: Codable, Hashable, Sendable {
        public var forum: String
        public var why: String
        /// How many of the slot's meetings it cannot come to, of how many take place.
        public var meetings: Int
        public var of: Int
        /// For the second score: the answers the finding rests on.
        public var answers: [PastAnswer]?

        public init(forum: String, why: String, meetings: Int, of: Int, answers: [PastAnswer]? = nil) {
            self.forum = forum
            self.why = why
            self.meetings = meetings
            self.of = of
            self.answers = answers
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(forum, forKey: .forum)
            try c.encode(why, forKey: .why)
            try c.encode(meetings, forKey: .meetings)
            try c.encode(of, forKey: .of)
            try c.encode(answers, forKey: .answers)
        }

        enum CodingKeys: String, CodingKey {
            case forum, why, meetings, of, answers
        }
    }

    /// An answer a forum gave, about the meeting as it was then.
    public struct PastAnswer: Codable, Hashable, Sendable {
        public var title: String
        public var start: String
        public var answer: String
        /// Null unless reasons are shown.
        public var reason: String?

        public init(title: String, start: String, answer: String, reason: String?) {
            self.title = title
            self.start = start
            self.answer = answer
            self.reason = reason
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(start, forKey: .start)
            try c.encode(answer, forKey: .answer)
            try c.encode(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey {
            case title, start, answer, reason
        }
    }

    /// Another series' meeting the slot would push aside: when it is now, and what would
    /// become of it.
    public struct Displaced: Codable, Hashable, Sendable {
        public var series: String
        public var title: String
        public var uid: String
        public var was: String
        public var now: String
        public var status: String
        public var reason: String?

        public init(series: String, title: String, uid: String, was: String, now: String, status: String, reason: String?) {
            self.series = series
            self.title = title
            self.uid = uid
            self.was = was
            self.now = now
            self.status = status
            self.reason = reason
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(series, forKey: .series)
            try c.encode(title, forKey: .title)
            try c.encode(uid, forKey: .uid)
            try c.encode(was, forKey: .was)
            try c.encode(now, forKey: .now)
            try c.encode(status, forKey: .status)
            try c.encode(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey {
            case series, title, uid, was, now, status, reason
        }
    }

    /// The meetings of one month in a slot and the mean of the forums able to come.
    public struct Month: Codable, Hashable, Sendable {
        public var month: String
        public var meetings: Int
        public var forumsAble: Double

        public init(month: String, meetings: Int, forumsAble: Double) {
            self.month = month
            self.meetings = meetings
            self.forumsAble = forumsAble
        }

        enum CodingKeys: String, CodingKey {
            case month, meetings
            case forumsAble = "forums_able"
        }
    }

    /// The slot counted again with what forums' answers show they cannot do.
    public struct AnswerScore: Codable, Hashable, Sendable {
        public var forumsAbleAverage: Double
        public var forumsAbleWorst: Int
        public var cannotAttend: [CannotAttend]

        public init(forumsAbleAverage: Double, forumsAbleWorst: Int, cannotAttend: [CannotAttend]) {
            self.forumsAbleAverage = forumsAbleAverage
            self.forumsAbleWorst = forumsAbleWorst
            self.cannotAttend = cannotAttend
        }

        enum CodingKeys: String, CodingKey {
            case forumsAbleAverage = "forums_able_average"
            case forumsAbleWorst = "forums_able_worst"
            case cannotAttend = "cannot_attend"
        }
    }
}
