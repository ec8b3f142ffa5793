import Testing

extension OpenAPIDocumentTests {
    /// One request and the status the stub daemon makes the server answer.
    struct Exchange: Sendable, CustomTestStringConvertible {
        let stub: StubControl.Mode
        let method: String
        let target: String
        let body: String?
        let status: Int

        init(
            _ method: String, _ target: String, body: String? = nil, _ status: Int,
            on stub: StubControl.Mode = .admitting
        ) {
            (self.stub, self.method, self.target, self.body, self.status) = (stub, method, target, body, status)
        }

        var testDescription: String { "\(method) \(target) → \(status)" + (stub == .admitting ? "" : " (\(stub))") }

        static let forum = "/v1/forums/redditch-send-parents"
        static let occurrence = "/v1/occurrences/20270310-send-forum@convene.example.org"

        static let all: [Exchange] =
            [
                Exchange("GET", "/v1/status", 200),
                Exchange("GET", "/v1/config/files", 200),
                Exchange("GET", "/v1/schedule", 200),
                Exchange("GET", "/v1/schedule?month=2027-03", 200),
                Exchange("GET", "/v1/schedule?from=2027-03-01&to=2027-03-31", 200),
                Exchange("GET", "/v1/schedule?month=\(StubControl.malformed)", 400),
                Exchange("GET", "/v1/schedule?month=2027-03&district=north&series=send-forum&limit=100", 200),
                Exchange("GET", "/v1/schedule?limit=99", 400),
                Exchange("GET", "/v1/schedule?cursor=nothing", 400),
                Exchange("GET", "/v1/schedule?cursor=1804586400.20270310-send-forum@convene.example.org", 200),
                Exchange("GET", "/v1/schedule?district=\(StubControl.missing)", 404),
                Exchange("GET", "/v1/schedule?month=1999-01", 500),
                Exchange("GET", "/v1/forums", 200),
                Exchange("GET", "/v1/forums?district=north&limit=100&cursor=bromsgrove", 200),
                Exchange("GET", "/v1/forums?limit=0", 400),
                Exchange("GET", "/v1/forums?district=\(StubControl.missing)", 404),
                Exchange("GET", forum, 200),
                Exchange("GET", "/v1/forums/\(StubControl.missing)", 404),
                Exchange("GET", "\(forum)/schedule?from=2027-03-01&to=2027-03-31", 200),
                Exchange("GET", "\(forum)/schedule?month=\(StubControl.malformed)", 400),
                Exchange("GET", "/v1/forums/\(StubControl.missing)/schedule", 404),
                Exchange("GET", "/v1/forums/\(StubControl.broken)/schedule", 500),
                Exchange("GET", "\(forum)/calendar.ics", 200),
                Exchange("GET", "/v1/forums/\(StubControl.missing)/calendar.ics", 404),
                Exchange("GET", "/v1/notifications", 200),
                Exchange("GET", "/v1/notifications?forum=redditch-send-parents&occurrence=x&since=2027-03-01T09:00", 200),
                Exchange("GET", "/v1/notifications?since=\(StubControl.malformed)", 400),
                Exchange("GET", "/v1/notifications?series=send-forum&district=north&limit=100&cursor=100", 200),
                Exchange("GET", "/v1/notifications?cursor=-1", 400),
                Exchange("GET", "/v1/notifications?district=\(StubControl.missing)", 404),
                Exchange("GET", "/v1/notifications?forum=\(StubControl.missing)", 404),
                Exchange("GET", "/v1/notifications?since=1999-01-01", 500),
                Exchange("GET", "\(forum)/feed-url", 200),
                Exchange("GET", "\(forum)/feed-url", 403, on: .refusing),
                Exchange("GET", "/v1/forums/\(StubControl.missing)/feed-url", 404),
                Exchange("POST", "\(forum)/feed-url/rotate", 200),
                Exchange("POST", "\(forum)/feed-url/rotate", 403, on: .refusing),
                Exchange("POST", "/v1/forums/\(StubControl.missing)/feed-url/rotate", 404),
                Exchange("GET", "/feeds/\(StubControl.feedToken).ics", 200),
                Exchange("GET", "/feeds/\(String(repeating: "a", count: 26)).ics", 404),
                Exchange("POST", "/v1/reload", 200, on: .admitting),
                Exchange("POST", "/v1/reload", 400, on: .failingReload),
                Exchange("POST", "/v1/reload", 403, on: .refusing),
            ] + changes("cancel", body: #"{"reason":"snow"}"#, malformed: "{}")
            + changes(
                "move", body: #"{"start":"2027-03-10T10:00","venue":null,"reason":"the hall is flooded"}"#,
                malformed: #"{"reason":"no start"}"#)
            + changes("restore", body: #"{"reason":"the snow cleared"}"#, malformed: #"{"reason":5}"#)
            // A restore may come without a body.
            + [Exchange("POST", "\(occurrence)/restore", 200)]
            + attendance + suggestions + items

        /// The co-production record.
        static let items: [Exchange] = {
            let big = String(repeating: "x", count: 70 * 1024)
            let raise = { (uid: String) in #"{"occurrence":"\#(uid)","forums":["bromsgrove"],"title":"Late letters"}"# }
            return [
                Exchange("GET", "/v1/items", 200),
                Exchange("GET", "/v1/items?forum=bromsgrove&status=open&overdue=true", 200, on: .refusing),
                Exchange("GET", "/v1/items?status=finished", 400),
                Exchange("GET", "/v1/items?forum=\(StubControl.missing)", 404),
                Exchange("GET", "/v1/items?forum=\(StubControl.broken)", 500),
                Exchange("POST", "/v1/items", body: raise("20270310-send-forum@convene.example.org"), 200),
                Exchange("POST", "/v1/items", body: #"{"forums":[]}"#, 400),
                Exchange("POST", "/v1/items", body: raise("x"), 403, on: .refusing),
                Exchange("POST", "/v1/items", body: raise(StubControl.missing), 404),
                Exchange("POST", "/v1/items", body: raise(StubControl.clashing), 409),
                Exchange("POST", "/v1/items", body: raise(big), 413),
                Exchange("POST", "/v1/items", body: raise(StubControl.broken), 500),
                Exchange("POST", "/v1/items/1/action", body: #"{"owner":"send-lead","due":"2027-04-30"}"#, 200),
                Exchange("POST", "/v1/items/1/action", body: #"{"owner":"send-lead"}"#, 400),
                Exchange("POST", "/v1/items/1/action", body: #"{"owner":"a","due":"2027-04-30"}"#, 403, on: .refusing),
                Exchange("POST", "/v1/items/404/action", body: #"{"owner":"a","due":"2027-04-30"}"#, 404),
                Exchange("POST", "/v1/items/1/action", body: #"{"owner":"\#(big)","due":"2027-04-30"}"#, 413),
                Exchange("POST", "/v1/items/500/action", body: #"{"owner":"a","due":"2027-04-30"}"#, 500),
                Exchange("POST", "/v1/items/1/status", body: #"{"status":"done"}"#, 200),
                Exchange("POST", "/v1/items/1/status", body: #"{"status":"\#(StubControl.malformed)"}"#, 400),
                Exchange("POST", "/v1/items/1/status", body: #"{"status":"done"}"#, 403, on: .refusing),
                Exchange("POST", "/v1/items/nothing/status", body: #"{"status":"done"}"#, 404),
                Exchange("POST", "/v1/items/1/status", body: #"{"status":"\#(big)"}"#, 413),
                Exchange("POST", "/v1/items/500/status", body: #"{"status":"done"}"#, 500),
            ]
        }()

        /// Slots where more forums could come.
        static let suggestions: [Exchange] = [
            Exchange("GET", "/v1/series/send-forum/suggestions", 200),
            Exchange("GET", "/v1/series/send-forum/suggestions?months=6&top=3&from=2027-04", 200, on: .refusing),
            Exchange("GET", "/v1/series/send-forum/suggestions?months=25", 400),
            Exchange("GET", "/v1/series/send-forum/suggestions?from=\(StubControl.malformed)", 400),
            Exchange("GET", "/v1/series/\(StubControl.missing)/suggestions", 404),
            Exchange("GET", "/v1/series/\(StubControl.broken)/suggestions", 500),
        ]

        /// Who is coming, what arrived, and a coordinator's records.
        static let attendance: [Exchange] = [
            Exchange("GET", "/v1/attendance", 200),
            Exchange("GET", "/v1/attendance?month=2027-03&forum=redditch-send-parents", 200),
            Exchange("GET", "/v1/attendance?from=2027-03-01&to=2027-03-31", 200),
            Exchange("GET", "/v1/attendance", 200, on: .refusing),
            Exchange("GET", "/v1/attendance?month=\(StubControl.malformed)", 400),
            Exchange("GET", "/v1/attendance?forum=\(StubControl.missing)", 404),
            Exchange("GET", "/v1/attendance?forum=\(StubControl.broken)", 500),
            Exchange("GET", "\(occurrence)/attendance", 200),
            Exchange("GET", "/v1/occurrences/\(StubControl.missing)/attendance", 404),
            Exchange("GET", "/v1/occurrences/\(StubControl.broken)/attendance", 500),
            Exchange("GET", "/v1/inbox", 200),
            Exchange("GET", "/v1/inbox?state=quarantined", 200),
            Exchange("GET", "/v1/inbox?state=\(StubControl.malformed)", 400),
            Exchange("GET", "/v1/inbox?state=\(StubControl.brokenInboxState)", 500),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"bromsgrove","answer":"declined","reason":"AGM"}"#, 200),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"bromsgrove"}"#, 400),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"bromsgrove","answer":"accepted"}"#, 403, on: .refusing),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"\#(StubControl.missing)","answer":"accepted"}"#, 404),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"\#(StubControl.clashing)","answer":"accepted"}"#, 409),
            Exchange(
                "POST", "\(occurrence)/answers",
                body: #"{"forum":"a","answer":"declined","reason":"\#(String(repeating: "x", count: 70 * 1024))"}"#, 413),
            Exchange("POST", "\(occurrence)/answers", body: #"{"forum":"\#(StubControl.broken)","answer":"accepted"}"#, 500),
            Exchange("POST", "\(occurrence)/attended", body: #"{"came":["bromsgrove"],"apologies":[]}"#, 200),
            Exchange("POST", "\(occurrence)/attended", body: #"{"apologies":[]}"#, 400),
            Exchange("POST", "\(occurrence)/attended", body: #"{"came":["bromsgrove"]}"#, 403, on: .refusing),
            Exchange("POST", "/v1/occurrences/\(StubControl.missing)/attended", body: #"{"came":["a"]}"#, 404),
            Exchange("POST", "/v1/occurrences/\(StubControl.clashing)/attended", body: #"{"came":["a"]}"#, 409),
            Exchange(
                "POST", "\(occurrence)/attended",
                body: #"{"came":["a"],"reason":"\#(String(repeating: "x", count: 70 * 1024))"}"#, 413),
            Exchange("POST", "/v1/occurrences/\(StubControl.broken)/attended", body: #"{"came":["a"]}"#, 500),
            Exchange("POST", "/v1/inbox/purge", body: #"{"older_than":"P90D"}"#, 200),
            Exchange("POST", "/v1/inbox/purge", body: #"{"older_than":"\#(StubControl.malformed)"}"#, 400),
            Exchange("POST", "/v1/inbox/purge", body: #"{"older_than":"P90D"}"#, 403, on: .refusing),
            Exchange(
                "POST", "/v1/inbox/purge", body: #"{"older_than":"\#(String(repeating: "x", count: 70 * 1024))"}"#, 413),
            Exchange("POST", "/v1/inbox/purge", body: #"{"older_than":"\#(StubControl.broken)"}"#, 500),
            Exchange("POST", "/v1/forget", body: #"{"contact":"parent@example.org"}"#, 200),
            Exchange("POST", "/v1/forget", body: #"{"contact":"\#(StubControl.malformed)"}"#, 400),
            Exchange("POST", "/v1/forget", body: #"{"contact":"parent@example.org"}"#, 403, on: .refusing),
            Exchange("POST", "/v1/forget", body: #"{"contact":"\#(String(repeating: "x", count: 70 * 1024))"}"#, 413),
            Exchange("POST", "/v1/forget", body: #"{"contact":"\#(StubControl.broken)"}"#, 500),
        ]

        /// Every status a cancel, move or restore can be answered with.
        static func changes(_ action: String, body: String, malformed: String) -> [Exchange] {
            let elsewhere = { (uid: String) in "/v1/occurrences/\(uid)/\(action)" }
            return [
                Exchange("POST", "\(occurrence)/\(action)", body: body, 200),
                Exchange("POST", "\(occurrence)/\(action)?dry_run=true", body: body, 200),
                Exchange("POST", "\(occurrence)/\(action)?dry_run=maybe", body: body, 400),
                Exchange("POST", "\(occurrence)/\(action)", body: malformed, 400),
                Exchange("POST", "\(occurrence)/\(action)", body: body, 403, on: .refusing),
                Exchange("POST", elsewhere(StubControl.missing), body: body, 404),
                Exchange("POST", elsewhere(StubControl.clashing), body: body, 409),
                Exchange(
                    "POST", "\(occurrence)/\(action)",
                    body: #"{"reason":"\#(String(repeating: "x", count: 70 * 1024))"}"#, 413),
                Exchange("POST", elsewhere(StubControl.broken), body: body, 500),
            ]
        }
    }
}
