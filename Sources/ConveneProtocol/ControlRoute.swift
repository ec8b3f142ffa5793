/// Every route of the control API, in one table that the server registers and the
/// client builds its requests from. Routes are only ever added.
public enum ControlRoute: String, CaseIterable, Sendable {
    case status
    case schedule
    case forums
    case forum
    case forumSchedule
    case forumCalendar
    case forumFeedURL
    case rotateForumFeed
    case notifications
    case cancel
    case move
    case restore
    case reload
    /// A forum's public calendar feed, at its secret address (outside `/v1`, as nginx exposes it).
    case feed
    case attendance
    case occurrenceAttendance
    case answer
    case attended
    case inbox
    case purgeInbox
    case forget
    /// The files the configuration in force was read from.
    case configFiles
    /// Slots where more invited forums could come to a series.
    case suggestions
    /// The co-production record ("You said, we did").
    case items
    case raiseItem
    case itemAction
    case itemStatus

    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method {
        switch self {
        case .status, .schedule, .forums, .forum, .forumSchedule, .forumCalendar, .forumFeedURL, .notifications, .feed,
            .attendance, .occurrenceAttendance, .inbox, .configFiles, .suggestions, .items:
            .get
        case .rotateForumFeed, .cancel, .move, .restore, .reload, .answer, .attended, .purgeInbox, .forget, .raiseItem,
            .itemAction, .itemStatus:
            .post
        }
    }

    /// The path with `:name` where a parameter goes (Hummingbird's syntax).
    public var pattern: String {
        switch self {
        case .status: "/v1/status"
        case .schedule: "/v1/schedule"
        case .forums: "/v1/forums"
        case .forum: "/v1/forums/:id"
        case .forumSchedule: "/v1/forums/:id/schedule"
        case .forumCalendar: "/v1/forums/:id/calendar.ics"
        case .forumFeedURL: "/v1/forums/:id/feed-url"
        case .rotateForumFeed: "/v1/forums/:id/feed-url/rotate"
        case .notifications: "/v1/notifications"
        case .cancel: "/v1/occurrences/:uid/cancel"
        case .move: "/v1/occurrences/:uid/move"
        case .restore: "/v1/occurrences/:uid/restore"
        case .reload: "/v1/reload"
        case .feed: "/feeds/:file"
        case .attendance: "/v1/attendance"
        case .occurrenceAttendance: "/v1/occurrences/:uid/attendance"
        case .answer: "/v1/occurrences/:uid/answers"
        case .attended: "/v1/occurrences/:uid/attended"
        case .inbox: "/v1/inbox"
        case .purgeInbox: "/v1/inbox/purge"
        case .forget: "/v1/forget"
        case .configFiles: "/v1/config/files"
        case .suggestions: "/v1/series/:id/suggestions"
        case .items, .raiseItem: "/v1/items"
        case .itemAction: "/v1/items/:id/action"
        case .itemStatus: "/v1/items/:id/status"
        }
    }

    /// Whether the answer depends on who asks (a secret, or personal data shown only to
    /// admins): such a read is never answered from what another caller was given.
    public var dependsOnPeer: Bool {
        switch self {
        case .forumFeedURL, .attendance, .occurrenceAttendance, .suggestions, .items: true
        default: false
        }
    }

    /// The request target: `pattern` with `parameter` percent-encoded in its place, and
    /// `query` appended.
    public func target(_ parameter: String? = nil, query: [(String, String)] = []) -> String {
        var path = pattern
        if let parameter, let colon = path.firstIndex(of: ":") {
            let end = path[colon...].firstIndex(of: "/") ?? path.endIndex
            path.replaceSubrange(colon..<end, with: Self.percentEncoded(parameter))
        }
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0)=\(Self.percentEncoded($1))" }.joined(separator: "&")
    }

    /// The route a request for `path` (without its query) asks for, and its parameter as
    /// it came (still percent-encoded); nil when no route has that exact path. Segments
    /// must match one for one: no empty segments, no trailing slash.
    public static func match(_ method: Method, path: Substring) -> (route: ControlRoute, parameter: Substring?)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count > 1, segments[0].isEmpty else { return nil }
        routes: for (route, expected) in segmentTable where route.method == method && expected.count == segments.count {
            var parameter: Substring?
            for (want, have) in zip(expected, segments) {
                if want.hasPrefix(":") {
                    guard !have.isEmpty else { continue routes }
                    parameter = have
                } else if want != have {
                    continue routes
                }
            }
            return (route, parameter)
        }
        return nil
    }

    /// The name of the path's parameter (`id` for `/v1/forums/:id`), if it has one.
    public var parameterName: String? {
        pattern.split(separator: "/").first { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// Each route's pattern in segments, split once.
    private static let segmentTable = allCases.map { ($0, $0.pattern.split(separator: "/", omittingEmptySubsequences: false)) }

    /// RFC 3986 unreserved characters as they are, everything else as %XX (an
    /// occurrence UID's "@" too, which the server decodes).
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// A read the control API answers from the daemon's latest snapshot, typed: ids as
/// they came, dates and ranges parsed and bounded.
public enum ReadRequest: Hashable, Sendable {
    case status
    /// The files the configuration in force was read from.
    case configFiles
    case schedule(ScheduleQuery)
    case forums(ForumQuery)
    case forum(String)
    /// A forum's calendar for coordinators on the socket.
    case calendar(forum: String)
    /// The same calendar at the forum's secret public address.
    case feed(token: String)
    /// The forum's public feed address (admins only: it is a secret).
    case feedURL(forum: String)
    case notifications(NotificationQuery)
    /// Who could come: the meetings of a period (or one meeting), with apologies'
    /// reasons only when `reasons` (the caller is an admin).
    case attendance(AttendanceQuery, reasons: Bool)
    case occurrenceAttendance(uid: String, reasons: Bool)
    /// What arrived in the inbox; only messages with `outcome` (`quarantine`,
    /// `needs-person`, …) when given.
    case inbox(outcome: String?)
    /// Slots for series `id` that more forums could attend; apologies' reasons only when
    /// `reasons` (the caller is an admin).
    case suggestions(series: String, SuggestionQuery, reasons: Bool)
    /// The co-production record: items raised, their actions and status; who made each
    /// change and why only when `reasons` (the caller is an admin).
    case items(ItemQuery, reasons: Bool)
}
