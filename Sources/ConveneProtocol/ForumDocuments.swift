/// `GET /v1/forums`: every forum, in id order.
public struct ForumsDocument: PagedDocument, Hashable, Sendable {
    public var forums: [ForumDocument]
    /// Where the next page starts (`cursor=`); null on the last page.
    public var nextCursor: String?

    public init(forums: [ForumDocument], nextCursor: String? = nil) {
        self.forums = forums
        self.nextCursor = nextCursor
    }

    public static let entriesKey = "forums"
    public var entries: [ForumDocument] { forums }

    public init(entries: [ForumDocument], nextCursor: String?) {
        self.init(forums: entries, nextCursor: nextCursor)
    }
}

/// `GET /v1/forums/{id}`: one forum, its contacts and the hours its members can come.
public struct ForumDocument: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var district: String
    public var contacts: [Contact]
    /// Windows such as "MO,TU,WE,TH 09:30–14:30"; empty when any time suits.
    public var available: [String]
    /// Meetings it is invited to in the next three months.
    public var upcoming: Int

    public init(id: String, name: String, district: String, contacts: [Contact], available: [String], upcoming: Int) {
        self.id = id
        self.name = name
        self.district = district
        self.contacts = contacts
        self.available = available
        self.upcoming = upcoming
    }

    public struct Contact: Codable, Hashable, Sendable {
        public var name: String
        public var email: String
        /// When a delivery report last said this address failed (RFC 3339); null if never.
        public var bounced: String?

        public init(name: String, email: String, bounced: String? = nil) {
            self.name = name
            self.email = email
            self.bounced = bounced
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(email, forKey: .email)
            try c.encode(bounced, forKey: .bounced)
        }
    }
}

/// `GET /v1/notifications`: who was told what, and when.
public struct NotificationsDocument: PagedDocument, Hashable, Sendable {
    public var notifications: [Entry]
    /// Where the next page starts (`cursor=`); null on the last page.
    public var nextCursor: String?

    public init(notifications: [Entry], nextCursor: String? = nil) {
        self.notifications = notifications
        self.nextCursor = nextCursor
    }

    public static let entriesKey = "notifications"
    public var entries: [Entry] { notifications }

    public init(entries: [Entry], nextCursor: String?) {
        self.init(notifications: entries, nextCursor: nextCursor)
    }

    public struct Entry: Codable, Hashable, Sendable {
        public var id: String
        public var forum: String
        public var occurrence: String
        /// `invitation`, `reminder`, `chaser`, `update` or `cancellation`.
        public var kind: String
        public var sequence: Int
        /// When it fell due (RFC 3339).
        public var due: String
        /// When it was written to the forum's spool (RFC 3339); null when superseded.
        public var writtenAt: String?
        /// The message file's name in the forum's Maildir; null when superseded.
        public var file: String?

        public init(
            id: String, forum: String, occurrence: String, kind: String, sequence: Int, due: String,
            writtenAt: String?, file: String?
        ) {
            self.id = id
            self.forum = forum
            self.occurrence = occurrence
            self.kind = kind
            self.sequence = sequence
            self.due = due
            self.writtenAt = writtenAt
            self.file = file
        }

        enum CodingKeys: String, CodingKey {
            case id, forum, occurrence, kind, sequence, due
            case writtenAt = "written_at"
            case file
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(forum, forKey: .forum)
            try c.encode(occurrence, forKey: .occurrence)
            try c.encode(kind, forKey: .kind)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(due, forKey: .due)
            try c.encode(writtenAt, forKey: .writtenAt)
            try c.encode(file, forKey: .file)
        }
    }
}

/// `GET /v1/forums/{id}/feed-url` and `POST /v1/forums/{id}/feed-url/rotate`: the
/// forum's calendar feed at its secret address. Whoever has the address can read the
/// forum's meetings (never its contacts); rotating it makes the old one answer 404.
public struct FeedURLDocument: Codable, Hashable, Sendable {
    public var forum: String
    /// `/feeds/<token>.ics`, for an admin's own proxy.
    public var path: String
    /// The address to give the forum: `[feeds] public_url` with `path`; null when
    /// `public_url` is not configured.
    public var url: String?
    /// Whether this request made a new address (and the old one stopped working).
    public var rotated: Bool

    public init(forum: String, path: String, url: String?, rotated: Bool) {
        self.forum = forum
        self.path = path
        self.url = url
        self.rotated = rotated
    }

    /// Writes every key, `null` for an absent url.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(forum, forKey: .forum)
        try c.encode(path, forKey: .path)
        try c.encode(url, forKey: .url)
        try c.encode(rotated, forKey: .rotated)
    }
}
