/// The body of `POST /v1/occurrences/{uid}/cancel` and `…/restore`.
public struct ReasonRequest: Codable, Hashable, Sendable {
    /// Why: stored in the audit trail and told to the forums.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

/// The body of `POST /v1/occurrences/{uid}/move`.
public struct MoveRequest: Codable, Hashable, Sendable {
    /// The new start, local wall-clock time in the organisation's zone: `2027-03-10T10:00`.
    public var start: String
    /// A venue id; null keeps the meeting's venue.
    public var venue: String?
    public var reason: String

    public init(start: String, venue: String?, reason: String) {
        self.start = start
        self.venue = venue
        self.reason = reason
    }
}

/// The answer to a cancel, move or restore: the occurrence as it now stands (or would,
/// for a dry run), its clashes, and which forums are told what.
public struct ChangeDocument: Codable, Hashable, Sendable {
    /// True when nothing was changed.
    public var dryRun: Bool
    /// `cancel`, `move` or `restore`.
    public var action: String
    public var occurrence: ScheduleDocument.Item
    /// Clashes and closed days the change runs into; empty when none.
    public var conflicts: [String]
    /// The notifications the change causes, one per forum.
    public var notifications: [Planned]

    public init(dryRun: Bool, action: String, occurrence: ScheduleDocument.Item, conflicts: [String], notifications: [Planned]) {
        self.dryRun = dryRun
        self.action = action
        self.occurrence = occurrence
        self.conflicts = conflicts
        self.notifications = notifications
    }

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case action, occurrence, conflicts, notifications
    }

    public struct Planned: Codable, Hashable, Sendable {
        public var forum: String
        public var kind: String

        public init(forum: String, kind: String) {
            self.forum = forum
            self.kind = kind
        }
    }
}

/// A coordinator's change to one occurrence.
public enum OccurrenceChange: Hashable, Sendable {
    case cancel(uid: String, reason: String)
    case move(uid: String, start: String, venue: String?, reason: String)
    case restore(uid: String, reason: String)

    public var uid: String {
        switch self {
        case .cancel(let uid, _), .move(let uid, _, _, _), .restore(let uid, _): uid
        }
    }

    /// The action as the journal tells it: "cancelled", "moved", "restored".
    public var pastTense: String {
        switch self {
        case .cancel: "cancelled"
        case .move: "moved"
        case .restore: "restored"
        }
    }

    public var action: String {
        switch self {
        case .cancel: "cancel"
        case .move: "move"
        case .restore: "restore"
        }
    }
}
