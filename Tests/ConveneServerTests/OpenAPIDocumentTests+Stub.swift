import ConveneProtocol

@testable import ConveneServer

extension OpenAPIDocumentTests {
    /// A daemon that answers with fixed documents, and refuses the inputs named below
    /// with the code the real daemon gives for such a refusal.
    struct StubControl: ControlHandling {
        /// Whether changes are allowed and how a reload turns out.
        enum Mode: Sendable, CustomStringConvertible {
            case admitting, refusing, failingReload

            var description: String {
                switch self {
                case .admitting: "admitting"
                case .refusing: "caller not in the admin group"
                case .failingReload: "broken configuration on disk"
                }
            }
        }

        /// An id or uid the daemon does not know: `not_found`.
        static let missing = "nowhere"
        /// A parameter the daemon cannot read: `bad_request`.
        static let malformed = "malformed"
        /// An occurrence a change would clash with: `clash`.
        static let clashing = "clashing"
        /// An input whose answer needs a ledger that cannot be read: `internal`.
        static let broken = "broken"

        let mode: Mode

        init(_ mode: Mode) {
            self.mode = mode
        }

        /// The inbox's listing whose answer needs a ledger that cannot be read: `internal`.
        static let brokenInboxState = "bounce"

        /// A month whose answer needs a ledger that cannot be read: `internal`.
        static let brokenMonth = CalendarMonth(year: 1999, month: 1)!

        func read(_ request: ReadRequest) async -> ReadAnswer {
            do throws(ControlFailure) {
                switch request {
                case .status: return .document(Self.statusDocument)
                case .configFiles:
                    return .document(
                        ConfigFilesDocument(
                            files: ["/etc/convened/convened.toml", "/etc/convened/forums/redditch.toml"],
                            digest: Self.statusDocument.configDigest, loadedAt: Self.statusDocument.configLoadedAt))
                case .schedule(let query):
                    try Self.check(query.forum)
                    try Self.check(query.district)
                    if query.range == .month(Self.brokenMonth) { try Self.check(Self.broken) }
                    return .document(
                        ScheduleDocument(
                            occurrences: [
                                Self.occurrence("20270310-send-forum@convene.example.org"),
                                Self.onlineOccurrence,
                            ],
                            nextCursor: query.limit == 100 ? "1804586400.20270317-coffee@convene.example.org" : nil))
                case .forums(let query):
                    try Self.check(query.district)
                    return .document(ForumsDocument(forums: [Self.forum("redditch-send-parents"), Self.forum("bromsgrove")]))
                case .forum(let id):
                    try Self.check(id)
                    return .document(Self.forum(id))
                case .calendar(let id):
                    try Self.check(id)
                    return .calendar(Array(Self.calendar.utf8))
                case .feed(let token):
                    guard token == Self.feedToken else { throw ControlFailure(.notFound, "no such feed") }
                    return .calendar(Array(Self.calendar.utf8))
                case .feedURL(let id):
                    try Self.check(id)
                    return .document(Self.feedURL(id, rotated: false))
                case .notifications(let query):
                    try Self.check(query.forum)
                    try Self.check(query.district)
                    if query.since?.day.year == 1999 { try Self.check(Self.broken) }
                    return .document(Self.notifications)
                case .attendance(let query, let reasons):
                    try Self.check(query.forum)
                    return .document(Self.attendance(reasons: reasons, forum: query.forum))
                case .occurrenceAttendance(let uid, let reasons):
                    try Self.check(uid)
                    return .document(Self.attendance(reasons: reasons, forum: nil))
                case .inbox(let outcome):
                    if outcome == Self.brokenInboxState { try Self.check(Self.broken) }
                    return .document(Self.inbox)
                case .suggestions(let series, _, let reasons):
                    try Self.check(series)
                    return .document(Self.suggestions(reasons: reasons))
                case .items(let query, _):
                    try Self.check(query.forum)
                    return .document(ItemsDocument(items: [Self.item(notice: nil)]))
                }
            } catch {
                return .refusal(error)
            }
        }

        static let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Convene//EN\r\nEND:VCALENDAR\r\n"
        /// The one feed the stub knows.
        static let feedToken = "abcdefghijklmnopqrstuvwxyz"

        static func feedURL(_ forum: String, rotated: Bool) -> FeedURLDocument {
            FeedURLDocument(
                forum: forum, path: "/feeds/\(feedToken).ics",
                url: "https://meetings.example.org/feeds/\(feedToken).ics", rotated: rotated)
        }

        static let statusDocument = StatusDocument(
            version: "0.9.0", state: "running", configLoadedAt: "2027-03-01T09:00:00+00:00",
            configFile: "/etc/convened/convened.toml", configFileCount: 2, configDigest: "00a1b2c3d4e5f607",
            forums: 1, series: 1, venues: 1,
            nextNotification: .init(due: "2027-03-03T10:00:00+00:00", kind: "reminder", forums: 1),
            spoolBacklog: 0, lastError: nil, summary: "1 forums, 1 series; next: reminder to 1 forum",
            mail: .init(waiting: 3, failing: 1))

        static let notifications = NotificationsDocument(notifications: [
            .init(
                id: "n1", forum: "redditch-send-parents", occurrence: "20270310-send-forum@convene.example.org",
                kind: "invitation", sequence: 0, due: "2027-02-10T10:00:00+00:00",
                writtenAt: "2027-02-10T10:00:01+00:00", file: "1802253601.M1P2.convene",
                handoff: Handoff(
                    state: "handed_off", handedOffAt: "2027-02-10T10:00:02+00:00", attempts: 2,
                    triedAt: "2027-02-10T10:00:02+00:00", nextAttemptAt: nil, exitStatus: 0, recipients: 1, error: nil)),
            .init(
                id: "n2", forum: "redditch-send-parents", occurrence: "20270310-send-forum@convene.example.org",
                kind: "reminder", sequence: 0, due: "2027-03-03T10:00:00+00:00", writtenAt: nil, file: nil),
        ])

        func reload() async -> ReloadDocument {
            mode == .failingReload
                ? ReloadDocument(
                    reloaded: false, errors: ["convened.toml:3:1: error: organisation.name: missing"],
                    warnings: [])
                : ReloadDocument(reloaded: true, errors: [], warnings: ["meetings/a.toml: never takes place"])
        }

        func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure)
            -> ChangeDocument
        {
            try Self.check(change.uid)
            return ChangeDocument(
                dryRun: dryRun, action: change.action, occurrence: Self.occurrence(change.uid),
                conflicts: [], notifications: [.init(forum: "redditch-send-parents", kind: "update")])
        }

        func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument {
            try Self.check(id)
            return Self.feedURL(id, rotated: true)
        }

        func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument {
            switch record {
            case .answer(let uid, let request):
                try Self.check(uid)
                try Self.check(request.forum)
                return RecordedDocument(
                    action: "answer", count: 1, summary: "Redditch SEND parents cannot come to SEND forum on 10 March 2027.")
            case .attended(let uid, _):
                try Self.check(uid)
                return RecordedDocument(action: "attended", count: 1, summary: "1 forum came to SEND forum on 10 March 2027.")
            case .purge(let request):
                try Self.check(request.olderThan)
                return RecordedDocument(action: "purge", count: 2, summary: "Deleted 2 quarantined messages.")
            case .forget(let request):
                try Self.check(request.contact)
                return RecordedDocument(action: "forget", count: 1, summary: "Erased the reasons from 1 answer.")
            }
        }

        func item(_ change: ItemChange, by peer: Peer) async throws(ControlFailure) -> ItemDocument {
            switch change {
            case .raise(let request):
                try Self.check(request.occurrence)
                return Self.item(notice: nil)
            case .action(let id, _), .status(let id, _):
                // The item's number stands for the outcome: 404 none, 500 the ledger broken.
                if id == 404 { throw ControlFailure(.notFound, "no item 404") }
                if id == 500 { try Self.check(Self.broken) }
                if case .status(_, let request) = change { try Self.check(request.status) }
                return Self.item(notice: "Transport team is not an officer in the configuration ([[officer]]).")
            }
        }

        static func item(notice: String?) -> ItemDocument {
            ItemDocument(
                id: 1, occurrence: "20270310-send-forum@convene.example.org", meeting: "SEND forum",
                meetingStart: "2027-03-10T10:00:00+00:00", forums: ["bromsgrove"], title: "Late letters",
                text: "Families hear of a new route the day before.", status: "in_progress", owner: nil,
                ownerName: "Transport team", due: "2027-04-30", overdue: false, raisedAt: "2027-03-10T12:05:00+00:00",
                raisedBy: "root",
                history: [
                    .init(
                        kind: "raised", at: "2027-03-10T12:05:00+00:00", by: "root", status: "open", owner: nil, ownerName: nil,
                        due: nil, reason: nil, note: nil),
                    .init(
                        kind: "action", at: "2027-03-11T09:00:00+00:00", by: "root", status: nil, owner: nil,
                        ownerName: "Transport team", due: "2027-04-30", reason: nil, note: "Asked for the timetable"),
                ],
                notice: notice)
        }

        static func suggestions(reasons: Bool) -> SuggestionsDocument {
            func slot(_ rule: String, when: String, average: Double, answers: Bool) -> SuggestionsDocument.Slot {
                let cannot = SuggestionsDocument.CannotAttend(
                    forum: "bromsgrove", why: "outside its hours (Tuesdays and Thursdays 18:30–20:30)", meetings: 11, of: 11)
                let learned = SuggestionsDocument.CannotAttend(
                    forum: "redditch-send-parents", why: "its answers show it cannot come to meetings starting before 10:00",
                    meetings: 11, of: 11,
                    answers: [
                        .init(
                            title: "SEND forum", start: "2026-11-10T09:30:00+00:00", answer: "declined",
                            reason: reasons ? "School run" : nil)
                    ])
                return SuggestionsDocument.Slot(
                    rule: rule, dtstart: "2026-09-09", start: "10:00", end: "12:00", when: when, day: "2nd Tue",
                    venue: "county-hall",
                    venueName: "County Hall", forumsAbleAverage: average, forumsAbleWorst: Int(average), invited: 3,
                    cannotAttend: [cannot], moved: 1, unplaced: 0, skipped: 0,
                    displaces: [
                        .init(
                            series: "drop-in", title: "Drop-in", uid: "drop-in-20270113@convene.example.org",
                            was: "2027-01-13T10:00:00+00:00", now: "2027-01-13T10:00:00+00:00", status: "unplaced",
                            reason: "Unplaced: Bromsgrove already at the SEND forum")
                    ],
                    gains: [], loses: [], monthly: [.init(month: "2027-01", meetings: 1, forumsAble: average)],
                    answers: answers ? .init(forumsAbleAverage: average - 1, forumsAbleWorst: 0, cannotAttend: [learned]) : nil)
            }
            return SuggestionsDocument(
                series: "send-forum", title: "SEND forum", from: "2027-01", months: 12,
                current: slot("FREQ=MONTHLY;BYDAY=2TU", when: "2nd Tuesday of the month", average: 1, answers: true),
                suggestions: [slot("FREQ=MONTHLY;BYDAY=2WE", when: "2nd Wednesday of the month", average: 2, answers: false)],
                tried: 1020, exceptions: 0,
                forumNames: ["bromsgrove": "Bromsgrove", "redditch-send-parents": "Redditch SEND parents"],
                reasonsShown: reasons)
        }

        static func attendance(reasons: Bool, forum: String?) -> AttendanceDocument {
            var totals = AttendanceDocument.Totals()
            (totals.meetings, totals.invited, totals.declined, totals.noAnswer) = (1, 2, 1, 1)
            return AttendanceDocument(
                meetings: [
                    .init(
                        uid: "20270310-send-forum@convene.example.org", title: "SEND forum",
                        start: "2027-03-10T10:00:00+00:00", counts: .init(declined: 1, noAnswer: 1),
                        answers: [
                            .init(
                                forum: "redditch-send-parents", answer: .declined, reason: reasons ? "Our AGM" : nil,
                                answeredAt: "2027-02-12T19:04:00+00:00", via: "calendar", sequence: 0, current: true),
                            .init(
                                forum: "bromsgrove", answer: .noAnswer, reason: nil, answeredAt: nil, via: nil,
                                sequence: nil, current: true),
                        ],
                        attended: .init(came: ["bromsgrove"], apologies: [], recordedAt: "2027-03-10T12:00:00+00:00"))
                ],
                totals: totals,
                forum: forum.map { .init(forum: $0, invited: 1, answered: 1, coming: 0, came: 0) },
                reasonsShown: reasons)
        }

        static let inbox = InboxDocument(
            messages: [
                .init(
                    file: "1802253601.M1P2.mx:2,", receivedAt: "2027-02-12T19:04:00+00:00", outcome: "quarantine",
                    reason: "the sender is not a contact of any forum", forum: nil, occurrence: nil),
                .init(
                    file: nil, receivedAt: "2027-02-11T08:00:00+00:00", outcome: "answer", reason: nil,
                    forum: "redditch-send-parents", occurrence: "20270310-send-forum@convene.example.org"),
            ],
            counts: .init(answers: 1, quarantined: 1, needsPerson: 0, autoReplies: 0, bounces: 0))

        func mayChange(_ peer: Peer) async -> Bool { mode != .refusing }

        /// Refuses the inputs named above as the daemon would.
        static func check(_ input: String?) throws(ControlFailure) {
            switch input {
            case Self.missing?: throw ControlFailure(.notFound, "no such thing \"\(missing)\"")
            case Self.malformed?: throw ControlFailure(.badRequest, "expected something else, not \"\(malformed)\"")
            case Self.clashing?: throw ControlFailure(.clash, "the change clashes with another meeting")
            case Self.broken?: throw ControlFailure(.internalError, "cannot read the ledger: disk I/O error")
            default: break
            }
        }

        static func occurrence(_ uid: String) -> ScheduleDocument.Item {
            ScheduleDocument.Item(
                uid: uid, meeting: "send-forum", title: "SEND forum", start: "2027-03-10T10:00:00+00:00",
                end: "2027-03-10T11:30:00+00:00", venue: "town-hall", venueName: "Town Hall",
                online: nil, forums: ["redditch-send-parents"], status: "moved",
                reason: "the hall is flooded", cannotAttend: ["bromsgrove"],
                conflicts: ["closed: Town Hall (works)"])
        }

        static let onlineOccurrence = ScheduleDocument.Item(
            uid: "20270317-coffee@convene.example.org", meeting: "coffee", title: "Coffee morning",
            start: "2027-03-17T09:30:00+00:00", end: "2027-03-17T10:30:00+00:00", venue: nil, venueName: nil,
            online: "https://meet.example.org/coffee", forums: [], status: "scheduled", reason: nil, cannotAttend: [],
            conflicts: [])

        static func forum(_ id: String) -> ForumDocument {
            ForumDocument(
                id: id, name: "Redditch SEND parents", district: "redditch",
                contacts: [.init(name: "A. Chair", email: "chair@example.org")],
                available: ["MO,TU,WE,TH 09:30–14:30"], upcoming: 3,
                mail: .init(
                    handedOff: 4, waiting: 1, skipped: 0, lastHandedOffAt: "2027-02-10T10:00:02+00:00",
                    lastFailure: "sendmail exited with status 75", lastFailureAt: "2027-03-03T10:00:01+00:00"))
        }
    }
}
