import ConveneProtocol
import ConveneServer
import Synchronization

/// A daemon that agrees to everything: fixed documents for the reads, and every
/// change accepted and echoed back, with the uid, start and reason as it received
/// them (kept in `received`, so the check can compare them with the answer).
struct EchoingControlHandler: ControlHandling {
    /// The last change handed over, reset before each request.
    static let received = Mutex<(change: OccurrenceChange, dryRun: Bool)?>(nil)

    func read(_ request: ReadRequest) async -> ReadAnswer {
        switch request {
        case .status:
            .document(
                StatusDocument(
                    version: "1.0.0", state: "running", configLoadedAt: "2027-02-15T09:00:00+00:00",
                    configFile: "/etc/convened/convened.toml", configFileCount: 1, configDigest: "0", forums: 1,
                    series: 1, venues: 1,
                    nextNotification: nil, spoolBacklog: 0, lastError: nil, summary: "fuzzing"))
        case .configFiles:
            .document(
                ConfigFilesDocument(files: ["/etc/convened/convened.toml"], digest: "0", loadedAt: "2027-02-15T09:00:00+00:00"))
        case .schedule(let query) where query.forum?.isEmpty == true: .refusal(ControlFailure(.notFound, "no forum \"\""))
        case .schedule: .document(ScheduleDocument(occurrences: []))
        case .forums: .document(ForumsDocument(forums: []))
        case .forum(let id):
            .document(ForumDocument(id: id, name: id, district: "north", contacts: [], available: [], upcoming: 0))
        case .calendar, .feed: .calendar(Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8))
        case .feedURL(let id): .document(FeedURLDocument(forum: id, path: "/feeds/x.ics", url: nil, rotated: false))
        case .notifications: .document(NotificationsDocument(notifications: []))
        case .attendance(_, let reasons), .occurrenceAttendance(_, let reasons):
            .document(AttendanceDocument(meetings: [], totals: .init(), reasonsShown: reasons))
        case .inbox:
            .document(
                InboxDocument(
                    messages: [], counts: .init(answers: 0, quarantined: 0, needsPerson: 0, autoReplies: 0, bounces: 0)))
        case .suggestions(let series, _, _): .refusal(ControlFailure(.notFound, "no meeting series \"\(series)\""))
        case .items: .document(ItemsDocument(items: []))
        }
    }

    func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument {
        RecordedDocument(action: record.action, count: 0, summary: "recorded")
    }

    func reload() async -> ReloadDocument { ReloadDocument(reloaded: true, errors: [], warnings: []) }

    func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument {
        FeedURLDocument(forum: id, path: "/feeds/y.ics", url: nil, rotated: true)
    }

    func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure) -> ChangeDocument {
        Self.received.withLock { $0 = (change, dryRun) }
        var start = "2027-03-09T10:00:00+00:00"
        var reason: String
        switch change {
        case .cancel(_, let why), .restore(_, let why): reason = why
        case .move(_, let when, _, let why):
            start = when
            reason = why
        }
        let item = ScheduleDocument.Item(
            uid: change.uid, meeting: "stakeholder-forum", title: "Stakeholder Forum", start: start, end: start,
            venue: nil, venueName: nil, online: nil, forums: [], status: "scheduled", reason: reason,
            cannotAttend: [], conflicts: [])
        return ChangeDocument(dryRun: dryRun, action: change.action, occurrence: item, conflicts: [], notifications: [])
    }

    func mayChange(_ peer: Peer) async -> Bool { peer.uid == 0 }
}
