/// The body of `POST /v1/items`: what forums raised at a meeting that has started.
public struct RaiseRequest: Codable, Hashable, Sendable {
    /// The meeting's occurrence UID.
    public var occurrence: String
    /// The forums that raised it.
    public var forums: [String]
    public var title: String
    public var text: String?

    public init(occurrence: String, forums: [String], title: String, text: String? = nil) {
        self.occurrence = occurrence
        self.forums = forums
        self.title = title
        self.text = text
    }
}

/// The body of `POST /v1/items/{id}/action`: who owns the council's response, and by when.
public struct ActionRequest: Codable, Hashable, Sendable {
    /// An officer's id from the configuration, or anyone else's name (who is not reminded).
    public var owner: String
    /// `YYYY-MM-DD`.
    public var due: String
    /// Progress told to the forums.
    public var note: String?

    public init(owner: String, due: String, note: String? = nil) {
        self.owner = owner
        self.due = due
        self.note = note
    }
}

/// The body of `POST /v1/items/{id}/status`.
public struct StatusRequest: Codable, Hashable, Sendable {
    /// `open`, `in_progress`, `done` or `wont_do`.
    public var status: String
    /// Why: needed for `wont_do` and any step back; kept for the council.
    public var reason: String?
    /// Progress told to the forums.
    public var note: String?

    public init(status: String, reason: String? = nil, note: String? = nil) {
        self.status = status
        self.reason = reason
        self.note = note
    }
}

/// A change to the co-production record, as the control API hands it to the daemon.
public enum ItemChange: Hashable, Sendable {
    case raise(RaiseRequest)
    case action(item: Int, ActionRequest)
    case status(item: Int, StatusRequest)

    /// The word the journal and the audit use.
    public var action: String {
        switch self {
        case .raise: "raise"
        case .action: "action"
        case .status: "status"
        }
    }
}

/// `GET /v1/items`: the co-production record, oldest first.
public struct ItemsDocument: Codable, Hashable, Sendable {
    public var items: [ItemDocument]

    public init(items: [ItemDocument]) {
        self.items = items
    }
}

/// One item: what was raised, by whom and where, the council's action, its status and
/// its whole history. The answer to every change too, with `notice` saying anything the
/// coordinator should know (an owner who is not reminded).
public struct ItemDocument: Codable, Hashable, Sendable {
    public var id: Int
    public var occurrence: String
    /// The meeting's title and start, as the schedule has them (null if it is no longer scheduled).
    public var meeting: String?
    public var meetingStart: String?
    public var forums: [String]
    public var title: String
    public var text: String?
    public var status: String
    /// The officer's id, or null for an owner named in free text.
    public var owner: String?
    public var ownerName: String?
    public var due: String?
    public var overdue: Bool
    public var raisedAt: String
    /// Who recorded it; null unless the caller is an admin.
    public var raisedBy: String?
    public var history: [Event]
    public var notice: String?

    public init(
        id: Int, occurrence: String, meeting: String?, meetingStart: String?, forums: [String], title: String, text: String?,
        status: String, owner: String?, ownerName: String?, due: String?, overdue: Bool, raisedAt: String, raisedBy: String?,
        history: [Event], notice: String? = nil
    ) {
        self.id = id
        self.occurrence = occurrence
        self.meeting = meeting
        self.meetingStart = meetingStart
        self.forums = forums
        self.title = title
        self.text = text
        self.status = status
        self.owner = owner
        self.ownerName = ownerName
        self.due = due
        self.overdue = overdue
        self.raisedAt = raisedAt
        self.raisedBy = raisedBy
        self.history = history
        self.notice = notice
    }

    enum CodingKeys: String, CodingKey {
        case id, occurrence, meeting, forums, title, text, status, owner, due, overdue, history, notice
        case meetingStart = "meeting_start"
        case ownerName = "owner_name"
        case raisedAt = "raised_at"
        case raisedBy = "raised_by"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(occurrence, forKey: .occurrence)
        try c.encode(meeting, forKey: .meeting)
        try c.encode(meetingStart, forKey: .meetingStart)
        try c.encode(forums, forKey: .forums)
        try c.encode(title, forKey: .title)
        try c.encode(text, forKey: .text)
        try c.encode(status, forKey: .status)
        try c.encode(owner, forKey: .owner)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(due, forKey: .due)
        try c.encode(overdue, forKey: .overdue)
        try c.encode(raisedAt, forKey: .raisedAt)
        try c.encode(raisedBy, forKey: .raisedBy)
        try c.encode(history, forKey: .history)
        try c.encode(notice, forKey: .notice)
    }

    /// One change, as the audit keeps it.
    public struct Event: Codable, Hashable, Sendable {
        /// `raised`, `action`, `status` or `note`.
        public var kind: String
        public var at: String
        /// Who made the change; null unless the caller is an admin.
        public var by: String?
        public var status: String?
        public var owner: String?
        public var ownerName: String?
        public var due: String?
        public var reason: String?
        public var note: String?

        public init(
            kind: String, at: String, by: String?, status: String?, owner: String?, ownerName: String?, due: String?,
            reason: String?, note: String?
        ) {
            self.kind = kind
            self.at = at
            self.by = by
            self.status = status
            self.owner = owner
            self.ownerName = ownerName
            self.due = due
            self.reason = reason
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case kind, at, by, status, owner, due, reason, note
            case ownerName = "owner_name"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(at, forKey: .at)
            try c.encode(by, forKey: .by)
            try c.encode(status, forKey: .status)
            try c.encode(owner, forKey: .owner)
            try c.encode(ownerName, forKey: .ownerName)
            try c.encode(due, forKey: .due)
            try c.encode(reason, forKey: .reason)
            try c.encode(note, forKey: .note)
        }
    }
}

/// What `GET /v1/items` asks for: one forum's items, one status, only overdue ones.
public struct ItemQuery: Hashable, Sendable {
    public var forum: String?
    public var status: String?
    public var overdue: Bool

    public init(forum: String? = nil, status: String? = nil, overdue: Bool = false) {
        self.forum = forum
        self.status = status
        self.overdue = overdue
    }

    public static let statuses = ["open", "in_progress", "done", "wont_do"]

    public static func parse(forum: String?, status: String?, overdue: String?) throws(ControlFailure) -> ItemQuery {
        if let status, !statuses.contains(status) {
            throw ControlFailure(.badRequest, "status: expected open, in_progress, done or wont_do, not \"\(status)\"")
        }
        let late: Bool
        switch overdue {
        case nil, "false", "0": late = false
        case "true", "1": late = true
        case let other?: throw ControlFailure(.badRequest, "overdue: expected true or false, not \"\(other)\"")
        }
        return ItemQuery(forum: forum, status: status, overdue: late)
    }

    public func query() -> [(String, String)] {
        (forum.map { [("forum", $0)] } ?? []) + (status.map { [("status", $0)] } ?? []) + (overdue ? [("overdue", "true")] : [])
    }
}
