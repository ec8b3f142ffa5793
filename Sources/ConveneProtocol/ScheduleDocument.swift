/// The schedule as JSON, the same from `convenectl schedule --json` and the daemon's
/// `GET /v1/schedule`:
///
///     {"occurrences":[{"uid": …, "meeting": …, "title": …, "start": …, "end": …,
///       "venue": …, "venue_name": …, "online": …, "forums": […], "status": …,
///       "reason": …, "cannot_attend": […], "conflicts": […]}]}
///
/// Times are RFC 3339 with the organisation's offset. Absent values are `null`, never
/// missing keys. Fields are only ever added, never renamed or removed.
public struct ScheduleDocument: PagedDocument, Hashable, Sendable {
    public var occurrences: [Item]
    /// From the daemon: where the next page starts (`cursor=`); null on the last page.
    public var nextCursor: String?

    public init(occurrences: [Item], nextCursor: String? = nil) {
        self.occurrences = occurrences
        self.nextCursor = nextCursor
    }

    public static let entriesKey = "occurrences"
    public var entries: [Item] { occurrences }

    public init(entries: [Item], nextCursor: String?) {
        self.init(occurrences: entries, nextCursor: nextCursor)
    }

    /// One occurrence.
    public struct Item: Codable, Hashable, Sendable {
        public var uid: String
        /// The meeting series' id.
        public var meeting: String
        public var title: String
        public var start: String
        public var end: String
        /// Venue id, or null when online only.
        public var venue: String?
        public var venueName: String?
        public var online: String?
        /// Invited forum ids.
        public var forums: [String]
        /// `scheduled`, `moved`, `skipped`, `cancelled` or `unplaced`.
        public var status: String
        public var reason: String?
        public var cannotAttend: [String]
        /// Problems with a coordinator's move (a clash, a closed day).
        public var conflicts: [String]

        public init(
            uid: String, meeting: String, title: String, start: String, end: String, venue: String?,
            venueName: String?, online: String?, forums: [String], status: String, reason: String?,
            cannotAttend: [String], conflicts: [String]
        ) {
            self.uid = uid
            self.meeting = meeting
            self.title = title
            self.start = start
            self.end = end
            self.venue = venue
            self.venueName = venueName
            self.online = online
            self.forums = forums
            self.status = status
            self.reason = reason
            self.cannotAttend = cannotAttend
            self.conflicts = conflicts
        }

        enum CodingKeys: String, CodingKey {
            case uid, meeting, title, start, end, venue
            case venueName = "venue_name"
            case online, forums, status, reason
            case cannotAttend = "cannot_attend"
            case conflicts
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            uid = try c.decode(String.self, forKey: .uid)
            meeting = try c.decode(String.self, forKey: .meeting)
            title = try c.decode(String.self, forKey: .title)
            start = try c.decode(String.self, forKey: .start)
            end = try c.decode(String.self, forKey: .end)
            venue = try c.decodeIfPresent(String.self, forKey: .venue)
            venueName = try c.decodeIfPresent(String.self, forKey: .venueName)
            online = try c.decodeIfPresent(String.self, forKey: .online)
            forums = try c.decode([String].self, forKey: .forums)
            status = try c.decode(String.self, forKey: .status)
            reason = try c.decodeIfPresent(String.self, forKey: .reason)
            cannotAttend = try c.decodeIfPresent([String].self, forKey: .cannotAttend) ?? []
            conflicts = try c.decodeIfPresent([String].self, forKey: .conflicts) ?? []
        }

        /// Writes every key, `null` for absent values, in the documented order.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(uid, forKey: .uid)
            try c.encode(meeting, forKey: .meeting)
            try c.encode(title, forKey: .title)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(venue, forKey: .venue)
            try c.encode(venueName, forKey: .venueName)
            try c.encode(online, forKey: .online)
            try c.encode(forums, forKey: .forums)
            try c.encode(status, forKey: .status)
            try c.encode(reason, forKey: .reason)
            try c.encode(cannotAttend, forKey: .cannotAttend)
            try c.encode(conflicts, forKey: .conflicts)
        }
    }
}
