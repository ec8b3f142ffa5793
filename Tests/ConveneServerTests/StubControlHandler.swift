import ConveneProtocol
import ConveneServer
import Glibc

/// A daemon that answers with fixed documents: the same status and reload outcome every
/// time, no meetings or forums, and a `not_found` refusal for anything named.
struct StubControlHandler: ControlHandling {
    var statusDocument = StatusDocument(
        version: "1.4.0", state: "running", configLoadedAt: "2027-02-15T09:00:00+00:00",
        configFile: "/etc/convene/convened.toml", configFileCount: 2, configDigest: "00a1b2c3d4e5f607",
        forums: 3, series: 5, venues: 2, nextNotification: nil, spoolBacklog: 0, lastError: nil,
        summary: "Watching 3 forums")
    var reloadDocument = ReloadDocument(reloaded: true, errors: [], warnings: [])
    /// The users who may reload or change the schedule: the test's own by default, so a
    /// reload succeeds only if the server read the caller's credentials right.
    var changers: Set<UInt32> = [getuid()]
    /// Users who may reload without being changers (the daemon's own user, in the daemon).
    var reloaders: Set<UInt32> = []
    /// When set, a status request waits in the handler until the test lets it go.
    var heldStatus: HeldRequest?

    func read(_ request: ReadRequest) async -> ReadAnswer {
        switch request {
        case .status:
            await heldStatus?.hold()
            return .document(statusDocument)
        case .configFiles:
            return .document(
                ConfigFilesDocument(
                    files: ["/etc/convene/convened.toml", "/etc/convene/forums.d/redditch.toml"],
                    digest: statusDocument.configDigest, loadedAt: statusDocument.configLoadedAt))
        case .schedule: return .document(ScheduleDocument(occurrences: []))
        case .forums: return .document(ForumsDocument(forums: []))
        case .notifications: return .document(NotificationsDocument(notifications: []))
        case .forum(let id), .calendar(let id), .feedURL(let id): return .refusal(ControlFailure(.notFound, "no forum \(id)"))
        case .feed: return .refusal(ControlFailure(.notFound, "no such feed"))
        case .attendance(_, let reasons):
            return .document(AttendanceDocument(meetings: [], totals: .init(), reasonsShown: reasons))
        case .occurrenceAttendance(let uid, _): return .refusal(ControlFailure(.notFound, "no occurrence \(uid)"))
        case .inbox:
            return .document(
                InboxDocument(
                    messages: [], counts: .init(answers: 0, quarantined: 0, needsPerson: 0, autoReplies: 0, bounces: 0)))
        case .suggestions(let series, _, _): return .refusal(ControlFailure(.notFound, "no meeting series \(series)"))
        case .items: return .document(ItemsDocument(items: []))
        }
    }

    func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument {
        switch record {
        case .answer(let uid, _), .attended(let uid, _): throw ControlFailure(.notFound, "no occurrence \(uid)")
        case .purge: return RecordedDocument(action: "purge", count: 0, summary: "Nothing was old enough to purge.")
        case .forget: return RecordedDocument(action: "forget", count: 0, summary: "Nothing was recorded from that contact.")
        }
    }

    func reload() async -> ReloadDocument { reloadDocument }

    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure) -> ChangeDocument {
        throw ControlFailure(.notFound, "no occurrence \(change.uid)")
    }

    func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument {
        throw ControlFailure(.notFound, "no forum \(id)")
    }

    func mayChange(_ peer: Peer) async -> Bool { changers.contains(peer.uid) }

    func mayReload(_ peer: Peer) async -> Bool { reloaders.contains(peer.uid) || changers.contains(peer.uid) }
}
