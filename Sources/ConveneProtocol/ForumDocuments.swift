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
    /// How its messages stand with the MTA; only in the forum's own view, and only while
    /// messages are handed to the MTA or some were.
    public var mail: Mail?

    public init(
        id: String, name: String, district: String, contacts: [Contact], available: [String], upcoming: Int, mail: Mail? = nil
    ) {
        self.id = id
        self.name = name
        self.district = district
        self.contacts = contacts
        self.available = available
        self.upcoming = upcoming
        self.mail = mail
    }

    /// The forum's messages and the MTA: how many were handed over, wait, or were skipped.
    public struct Mail: Codable, Hashable, Sendable {
        public var handedOff: Int
        public var waiting: Int
        public var skipped: Int
        /// When the latest was handed over (RFC 3339).
        public var lastHandedOffAt: String?
        /// The latest failure among those still waiting, and when (RFC 3339).
        public var lastFailure: String?
        public var lastFailureAt: String?

        public init(
            handedOff: Int, waiting: Int, skipped: Int, lastHandedOffAt: String?, lastFailure: String?, lastFailureAt: String?
        ) {
            self.handedOff = handedOff
            self.waiting = waiting
            self.skipped = skipped
            self.lastHandedOffAt = lastHandedOffAt
            self.lastFailure = lastFailure
            self.lastFailureAt = lastFailureAt
        }

        enum CodingKeys: String, CodingKey {
            case handedOff = "handed_off"
            case waiting, skipped
            case lastHandedOffAt = "last_handed_off_at"
            case lastFailure = "last_failure"
            case lastFailureAt = "last_failure_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(handedOff, forKey: .handedOff)
            try c.encode(waiting, forKey: .waiting)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(lastHandedOffAt, forKey: .lastHandedOffAt)
            try c.encode(lastFailure, forKey: .lastFailure)
            try c.encode(lastFailureAt, forKey: .lastFailureAt)
        }
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
        /// Where it stands with the MTA (`[delivery] sendmail`); null when it was never
        /// queued for it (the hand-off was off when it was written).
        public var handoff: Handoff?

        public init(
            id: String, forum: String, occurrence: String, kind: String, sequence: Int, due: String,
            writtenAt: String?, file: String?, handoff: Handoff? = nil
        ) {
            self.id = id
            self.forum = forum
            self.occurrence = occurrence
            self.kind = kind
            self.sequence = sequence
            self.due = due
            self.writtenAt = writtenAt
            self.file = file
            self.handoff = handoff
        }

        enum CodingKeys: String, CodingKey {
            case id, forum, occurrence, kind, sequence, due
            case writtenAt = "written_at"
            case file, handoff
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try c.decode(String.self, forKey: .id), forum: try c.decode(String.self, forKey: .forum),
                occurrence: try c.decode(String.self, forKey: .occurrence), kind: try c.decode(String.self, forKey: .kind),
                sequence: try c.decode(Int.self, forKey: .sequence), due: try c.decode(String.self, forKey: .due),
                writtenAt: try c.decodeIfPresent(String.self, forKey: .writtenAt),
                file: try c.decodeIfPresent(String.self, forKey: .file),
                handoff: try c.decodeIfPresent(Handoff.self, forKey: .handoff))
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
            try c.encode(handoff, forKey: .handoff)
        }
    }
}

/// A message's hand-off to the MTA through sendmail, as the ledger records it.
public struct Handoff: Codable, Hashable, Sendable {
    /// `waiting` (in the spool, not yet taken), `handed_off` (sendmail exited 0) or
    /// `skipped` (never handed over: `error` says why).
    public var state: String
    /// When sendmail took it (RFC 3339).
    public var handedOffAt: String?
    public var attempts: Int
    /// When it was last tried, and when a waiting one is tried next (RFC 3339).
    public var triedAt: String?
    public var nextAttemptAt: String?
    /// sendmail's exit status at the last attempt (0 once handed off); null when it did
    /// not exit (stopped at the time limit, killed, or could not start).
    public var exitStatus: Int?
    /// How many addresses it was handed to.
    public var recipients: Int?
    /// Why the last attempt failed, or why it was skipped.
    public var error: String?

    public init(
        state: String, handedOffAt: String?, attempts: Int, triedAt: String?, nextAttemptAt: String?, exitStatus: Int?,
        recipients: Int?, error: String?
    ) {
        self.state = state
        self.handedOffAt = handedOffAt
        self.attempts = attempts
        self.triedAt = triedAt
        self.nextAttemptAt = nextAttemptAt
        self.exitStatus = exitStatus
        self.recipients = recipients
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case state
        case handedOffAt = "handed_off_at"
        case attempts
        case triedAt = "tried_at"
        case nextAttemptAt = "next_attempt_at"
        case exitStatus = "exit_status"
        case recipients, error
    }

    /// Writes every key, `null` for what is absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(handedOffAt, forKey: .handedOffAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(triedAt, forKey: .triedAt)
        try c.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try c.encode(exitStatus, forKey: .exitStatus)
        try c.encode(recipients, forKey: .recipients)
        try c.encode(error, forKey: .error)
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
