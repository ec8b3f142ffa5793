import ConveneProtocol

/// What the control API asks of the daemon. The daemon implements it; tests may too.
/// Inputs arrive as the request gave them; the handler validates them and throws a
/// `ControlFailure` with a stable code for anything it refuses.
public protocol ControlHandling: Sendable {
    /// `GET /v1/status`.
    func status() async -> StatusDocument
    /// `POST /v1/reload`: read the configuration again; keep the old one if the new is bad.
    func reload() async -> ReloadDocument
    /// `GET /v1/schedule` and `GET /v1/forums/{id}/schedule`: `month` (YYYY-MM) or
    /// `from`/`to` (YYYY-MM-DD), next month when none; only `forum`'s meetings if given.
    func schedule(month: String?, from: String?, to: String?, forum: String?) async throws(ControlFailure) -> ScheduleDocument
    /// `GET /v1/forums`.
    func forums() async -> ForumsDocument
    /// `GET /v1/forums/{id}`.
    func forum(_ id: String) async throws(ControlFailure) -> ForumDocument
    /// `GET /v1/forums/{id}/calendar.ics`: an iCalendar feed of the forum's meetings.
    func calendar(forum id: String) async throws(ControlFailure) -> String
    /// `POST /v1/occurrences/{uid}/cancel|move|restore`.
    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure) -> ChangeDocument
    /// `GET /v1/notifications`.
    func notifications(forum: String?, occurrence: String?, since: String?) async throws(ControlFailure)
        -> NotificationsDocument
    /// Whether `peer` may change anything (root, or a member of the admin group).
    func mayChange(_ peer: Peer) async -> Bool
    /// Whether `peer` may ask for a reload; by default whoever may change anything.
    func mayReload(_ peer: Peer) async -> Bool
}

extension ControlHandling {
    public func mayReload(_ peer: Peer) async -> Bool { await mayChange(peer) }
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

    public var action: String {
        switch self {
        case .cancel: "cancel"
        case .move: "move"
        case .restore: "restore"
        }
    }
}

/// Who is on the other end of the socket (SO_PEERCRED), as the kernel tells it.
public struct Peer: Hashable, Sendable, CustomStringConvertible {
    public let pid: Int32
    public let uid: UInt32
    public let gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "uid \(uid) (pid \(pid))" }
}
