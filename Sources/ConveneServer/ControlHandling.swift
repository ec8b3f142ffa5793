import ConveneProtocol

/// What the control API asks of the daemon. The daemon implements it; tests may too.
/// Reads come typed (`ReadRequest`, parsed and bounded by the server) and are answered
/// from the daemon's latest snapshot without waiting for a change in progress; changes
/// are refused with a `ControlFailure` carrying a stable code, which the server maps to
/// an HTTP status.
public protocol ControlHandling: Sendable {
    /// Every `GET`: the answer, encoded, or a refusal.
    func read(_ request: ReadRequest) async -> ReadAnswer
    /// The answer to `request` if it is already at hand, encoded, with no work to do: the
    /// server then answers on the connection's event loop, without a task. Nil sends the
    /// request the usual way, to `read`. Must not block.
    func keptAnswer(_ request: ReadRequest) -> ReadAnswer?
    /// `POST /v1/reload`: read the configuration again; keep the old one if the new is bad.
    func reload() async -> ReloadDocument
    /// `POST /v1/occurrences/{uid}/cancel|move|restore`.
    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure) -> ChangeDocument
    /// `POST /v1/forums/{id}/feed-url/rotate`: a new secret address for the forum's feed.
    func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument
    /// `POST /v1/occurrences/{uid}/answers`, `…/attended`, `/v1/inbox/purge`, `/v1/forget`.
    func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument
    /// `POST /v1/items`, `…/{id}/action`, `…/{id}/status`: the co-production record.
    func item(_ change: ItemChange, by peer: Peer) async throws(ControlFailure) -> ItemDocument
    /// Whether `peer` may change anything (root, or a member of the admin group).
    func mayChange(_ peer: Peer) async -> Bool
    /// Whether `peer` may ask for a reload; by default whoever may change anything.
    func mayReload(_ peer: Peer) async -> Bool
}

extension ControlHandling {
    public func keptAnswer(_ request: ReadRequest) -> ReadAnswer? { nil }
    public func mayReload(_ peer: Peer) async -> Bool { await mayChange(peer) }
    public func item(_ change: ItemChange, by peer: Peer) async throws(ControlFailure) -> ItemDocument {
        throw ControlFailure(.notFound, "no co-production record here")
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
