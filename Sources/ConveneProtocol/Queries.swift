/// Which days a schedule request asks for: read and bounded here, once, for the daemon
/// and for `convenectl`, so both refuse the same inputs with the same words.
public enum ScheduleRange: Hashable, Sendable {
    /// The month after today's (what a coordinator usually wants next).
    case nextMonth
    case month(CalendarMonth)
    /// `from` through `to`, both included.
    case days(CalendarDay, CalendarDay)

    /// The longest range one request may ask for, in days.
    public static let longestRange = 731

    /// From the query parameters `month`, or `from` and `to`, or none.
    public static func parse(month: String?, from: String?, to: String?) throws(ControlFailure) -> ScheduleRange {
        if let month {
            guard from == nil, to == nil else { throw ControlFailure(.badRequest, "give month or from/to, not both") }
            guard let parsed = CalendarMonth(month) else {
                throw ControlFailure(.badRequest, "month: expected YYYY-MM, not \"\(month)\"")
            }
            return .month(parsed)
        }
        guard from != nil || to != nil else { return .nextMonth }
        guard let from, let first = CalendarDay(from) else {
            throw ControlFailure(.badRequest, "from: expected YYYY-MM-DD, not \"\(from ?? "")\"")
        }
        guard let to, let last = CalendarDay(to) else {
            throw ControlFailure(.badRequest, "to: expected YYYY-MM-DD, not \"\(to ?? "")\"")
        }
        guard first <= last else { throw ControlFailure(.badRequest, "from \(from) is after to \(to)") }
        guard first.days(until: last) < longestRange else {
            throw ControlFailure(.badRequest, "ask for at most \(longestRange) days at a time")
        }
        return .days(first, last)
    }

    /// The first and last day asked for, `today` being the organisation's.
    public func days(today: CalendarDay) -> (first: CalendarDay, last: CalendarDay) {
        switch self {
        case .nextMonth:
            let month = CalendarMonth(after: today)
            return (month.first, month.last)
        case .month(let month): return (month.first, month.last)
        case .days(let first, let last): return (first, last)
        }
    }

    /// The query parameters that ask for this range.
    public var query: [(String, String)] {
        switch self {
        case .nextMonth: []
        case .month(let month): [("month", month.description)]
        case .days(let first, let last): [("from", first.description), ("to", last.description)]
        }
    }
}

/// `GET /v1/schedule` and `/v1/forums/{id}/schedule`: the days asked for, optionally one
/// forum's, one district's or one series' meetings, a page at a time. Pages follow each
/// other by a cursor (the last meeting's start and UID), so a page is never skipped or
/// repeated when the schedule changes in between.
public struct ScheduleQuery: Hashable, Sendable {
    public var range: ScheduleRange
    public var forum: String?
    /// Meetings held in the district, or to which one of its forums is invited.
    public var district: String?
    public var series: String?
    public var limit: Int
    public var cursor: ScheduleCursor?

    public init(
        range: ScheduleRange, forum: String? = nil, district: String? = nil, series: String? = nil,
        limit: Int = PageLimit.standard, cursor: ScheduleCursor? = nil
    ) {
        self.range = range
        self.forum = forum
        self.district = district
        self.series = series
        self.limit = limit
        self.cursor = cursor
    }

    public static func parse(
        month: String?, from: String?, to: String?, forum: String? = nil, district: String? = nil,
        series: String? = nil, limit: String? = nil, cursor: String? = nil
    ) throws(ControlFailure) -> ScheduleQuery {
        let size = try PageLimit.parse(limit)
        var after: ScheduleCursor?
        if let cursor {
            guard let value = ScheduleCursor(cursor) else {
                throw ControlFailure(.badRequest, "cursor: not one this API gave (\"\(cursor)\")")
            }
            after = value
        }
        return ScheduleQuery(
            range: try ScheduleRange.parse(month: month, from: from, to: to), forum: forum, district: district,
            series: series, limit: size, cursor: after)
    }

    /// The query parameters that ask for this page (the forum goes in the path when it
    /// is `/v1/forums/{id}/schedule`).
    public func query(withForum: Bool = true) -> [(String, String)] {
        range.query
            + [
                ("forum", withForum ? forum : nil), ("district", district), ("series", series),
                PageLimit.parameter(limit), ("cursor", cursor?.description),
            ].compactMap { name, value in value.map { (name, $0) } }
    }
}

/// `GET /v1/forums`: the forums (one district's when given) in id order, a page at a time;
/// the cursor is the last forum's id.
public struct ForumQuery: Hashable, Sendable {
    public var district: String?
    public var limit: Int
    public var after: String?

    public init(district: String? = nil, limit: Int = PageLimit.standard, after: String? = nil) {
        self.district = district
        self.limit = limit
        self.after = after
    }

    public static func parse(district: String?, limit: String?, cursor: String?) throws(ControlFailure) -> ForumQuery {
        ForumQuery(district: district, limit: try PageLimit.parse(limit), after: cursor)
    }

    public var query: [(String, String)] {
        [("district", district), PageLimit.parameter(limit), ("cursor", after)]
            .compactMap { name, value in value.map { (name, $0) } }
    }
}

/// `limit=`, the same default and bounds for every listing.
public enum PageLimit {
    public static let standard = 500
    public static let bounds = 100...5000

    /// The `limit` parameter for `limit`: none when it is the standard one.
    static func parameter(_ limit: Int) -> (String, String?) { ("limit", limit == standard ? nil : String(limit)) }

    public static func parse(_ text: String?) throws(ControlFailure) -> Int {
        guard let text else { return standard }
        guard let value = Int(text), bounds.contains(value) else {
            throw ControlFailure(
                .badRequest,
                "limit: expected a number from \(bounds.lowerBound) to \(bounds.upperBound), not \"\(text)\""
            )
        }
        return value
    }
}

/// Where a page of the schedule ends: the last meeting's start (seconds since the epoch)
/// and UID; the next page starts after it.
public struct ScheduleCursor: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let start: Int
    public let uid: String

    public init(start: Int, uid: String) {
        self.start = start
        self.uid = uid
    }

    /// `<start>.<uid>`.
    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), let start = Int(text[..<dot]), text.index(after: dot) < text.endIndex
        else { return nil }
        self.init(start: start, uid: String(text[text.index(after: dot)...]))
    }

    public var description: String { "\(start).\(uid)" }

    public static func < (a: ScheduleCursor, b: ScheduleCursor) -> Bool { (a.start, a.uid) < (b.start, b.uid) }
}

/// A local date and time in the organisation's zone, as `since` gives it: a day
/// (`2027-03-01`, from midnight) or a time (`2027-03-01T09:00`, seconds optional).
public struct LocalTimestamp: Hashable, Sendable, CustomStringConvertible {
    public let day: CalendarDay
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(_ text: some StringProtocol) {
        let text = String(text)
        if let day = CalendarDay(text) {
            (self.day, hour, minute, second) = (day, 0, 0, 0)
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 16 || bytes.count == 19, let day = CalendarDay(text.prefix(10)),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            let hour = Digits.value(bytes[11..<13]), let minute = Digits.value(bytes[14..<16]),
            hour < 24, minute < 60
        else { return nil }
        var second = 0
        if bytes.count == 19 {
            guard bytes[16] == UInt8(ascii: ":"), let value = Digits.value(bytes[17..<19]), value < 60 else { return nil }
            second = value
        }
        (self.day, self.hour, self.minute, self.second) = (day, hour, minute, second)
    }

    public var description: String {
        "\(day)T" + Digits.padded(hour, 2) + ":" + Digits.padded(minute, 2) + ":" + Digits.padded(second, 2)
    }
}

/// `GET /v1/notifications`: who was told what, optionally for one forum, one occurrence,
/// and since a time.
public struct NotificationQuery: Hashable, Sendable {
    public var forum: String?
    public var occurrence: String?
    public var since: LocalTimestamp?
    public var series: String?
    /// Notifications to the district's forums.
    public var district: String?
    public var limit: Int
    /// How many entries the pages before held.
    public var offset: Int

    public init(
        forum: String? = nil, occurrence: String? = nil, since: LocalTimestamp? = nil, series: String? = nil,
        district: String? = nil, limit: Int = PageLimit.standard, offset: Int = 0
    ) {
        self.forum = forum
        self.occurrence = occurrence
        self.since = since
        self.series = series
        self.district = district
        self.limit = limit
        self.offset = offset
    }

    public static func parse(
        forum: String?, occurrence: String?, since: String?, series: String? = nil, district: String? = nil,
        limit: String? = nil, cursor: String? = nil
    ) throws(ControlFailure) -> NotificationQuery {
        var offset = 0
        if let cursor {
            guard let value = Int(cursor), value >= 0 else {
                throw ControlFailure(.badRequest, "cursor: not one this API gave (\"\(cursor)\")")
            }
            offset = value
        }
        var query = try parse(forum: forum, occurrence: occurrence, since: since)
        (query.series, query.district, query.limit, query.offset) = (series, district, try PageLimit.parse(limit), offset)
        return query
    }

    public static func parse(forum: String?, occurrence: String?, since: String?) throws(ControlFailure) -> NotificationQuery {
        var parsed: LocalTimestamp?
        if let since {
            guard let value = LocalTimestamp(since) else {
                throw ControlFailure(
                    .badRequest,
                    "since: expected a date (2027-03-01) or a local time (2027-03-01T09:00), not \"\(since)\"")
            }
            parsed = value
        }
        return NotificationQuery(forum: forum, occurrence: occurrence, since: parsed)
    }

    public var query: [(String, String)] {
        [
            ("forum", forum), ("occurrence", occurrence), ("since", since?.description), ("series", series),
            ("district", district), PageLimit.parameter(limit),
            ("cursor", offset == 0 ? nil : String(offset)),
        ].compactMap { name, value in value.map { (name, $0) } }
    }
}

/// A forum's public feed token: 26 characters of RFC 4648 base32 in lower case (128
/// random bits). Anything else is not a token, whatever the path says.
public enum FeedToken {
    public static let length = 26

    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (97...122).contains($0) || (50...55).contains($0) }
    }
}

/// What a suggestions request asks for: how many months to try each slot over, how
/// many suggestions, and from which month (next month when not given).
public struct SuggestionQuery: Hashable, Sendable {
    public var months: Int
    public var top: Int
    public var from: CalendarMonth?

    public static let defaultMonths = 12
    public static let defaultTop = 5
    public static let monthsRange = 1...24
    public static let topRange = 1...50

    public static func parse(months: String?, top: String?, from: String?) throws(ControlFailure) -> SuggestionQuery {
        func number(_ name: String, _ text: String?, _ range: ClosedRange<Int>, _ fallback: Int) throws(ControlFailure) -> Int {
            guard let text else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ControlFailure(
                    .badRequest,
                    "\(name): expected a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
            }
            return value
        }
        var query = SuggestionQuery(
            months: try number("months", months, monthsRange, defaultMonths), top: try number("top", top, topRange, defaultTop))
        if let from {
            guard let month = CalendarMonth(from) else {
                throw ControlFailure(.badRequest, "from: expected YYYY-MM, not \"\(from)\"")
            }
            query.from = month
        }
        return query
    }

    /// As query parameters.
    public func query() -> [(String, String)] {
        [("months", String(months)), ("top", String(top))] + (from.map { [("from", $0.description)] } ?? [])
    }
}
