import ConveneTestSupport
import Foundation
import Testing

extension SecurityTests {
    /// Ids arriving over the control socket never become paths: a forum id or an
    /// occurrence UID that tries to leave the spool, hides a NUL, is very long or is a
    /// look-alike gets a 4xx answer with an error document, and nothing is written.
    @Suite struct RequestPaths {
        /// Percent-encoded ids that are not a forum's (`forum-0` and `forum-1` are).
        static let forumIds = [
            "..", "..%2F..%2Fetc", "%2Fetc%2Fpasswd", "%2E%2E", "forum-0%00", "%00", "forum-0%2F..%2F..%2Fescape",
            String(repeating: "a", count: 4000), String(repeating: "%2E%2E%2F", count: 400) + "etc",
            "f%D0%BErum-0",  // Cyrillic о
            "%EF%BD%86%EF%BD%8F%EF%BD%92%EF%BD%95%EF%BD%8D-0",  // fullwidth "ｆｏｒｕｍ"
            "forum-0%E2%80%8B",  // trailing zero-width space
            "fo%CC%81rum-0",  // a combining mark
            "..%E2%88%95..%E2%88%95etc",  // U+2215 division slash
            "%E2%80%A4%E2%80%A4",  // U+2024 one dot leader twice
            "%ZZ",
        ]

        /// GET paths with a bad forum id in the path or the query.
        static var readings: [String] {
            forumIds.flatMap { id in
                [
                    "/v1/forums/\(id)", "/v1/forums/\(id)/schedule", "/v1/forums/\(id)/calendar.ics",
                    "/v1/notifications?forum=\(id)",
                ]
            }
        }

        /// Occurrence UIDs that are not a meeting's, built around a real one.
        static func occurrenceIds(real uid: String) -> [String] {
            let escaped = uid.replacingOccurrences(of: "@", with: "%40")
            return [
                "..", "..%2F..%2Fx", "%2Fetc%2Fpasswd", "\(escaped)%00", "%00", "\(escaped)%2F..%2F..%2Fescape",
                String(repeating: "x", count: 4000),
                escaped.replacingOccurrences(of: "%40", with: "%EF%BC%A0"),  // fullwidth "＠"
                escaped.replacingOccurrences(of: "d", with: "%D4%81"),  // Cyrillic ԁ
                "\(escaped)%E2%80%8B", "..%E2%88%95..%E2%88%95x", "%E2%80%A4%E2%80%A4",
            ]
        }

        @Test func aBadForumIdInARequestIsRefusedAndWritesNothing() throws {
            let daemon = try RunningDaemon()
            defer { daemon.stop() }
            let before = Self.snapshot(daemon)
            for path in Self.readings {
                Self.expectRefusal(try SecurityTests.curl(daemon.socketPath, "GET", path, options: ["--path-as-is"]), path)
            }
            Self.expectNothingWritten(daemon, since: before)
        }

        @Test func aBadOccurrenceUIDInAChangeIsRefusedAndWritesNothing() throws {
            let daemon = try RunningDaemon()
            defer { daemon.stop() }
            let meeting = try daemon.invitedMeetings()[0]
            let before = Self.snapshot(daemon)
            let bodies = [
                "cancel": #"{"reason":"The hall is flooded"}"#, "restore": #"{"reason":"Dry again"}"#,
                "move": #"{"start":"\#(meeting.date)T20:00","reason":"Clash"}"#,
            ]
            for uid in Self.occurrenceIds(real: meeting.uid) {
                for (action, body) in bodies.sorted(by: { $0.key < $1.key }) {
                    let path = "/v1/occurrences/\(uid)/\(action)"
                    let reply = try SecurityTests.curl(daemon.socketPath, "POST", path, body: body, options: ["--path-as-is"])
                    Self.expectRefusal(reply, path)
                }
            }
            // Whole segments of dots, which curl would otherwise resolve before sending.
            for path in [
                "/v1/occurrences/../../x/cancel", "/v1/occurrences/\(meeting.uid)/../../../x/cancel",
                "/v1/forums/../../etc/passwd", "/v1/forums/./../calendar.ics",
            ] {
                let reply = try SecurityTests.curl(
                    daemon.socketPath, path.contains("cancel") ? "POST" : "GET", path,
                    body: path.contains("cancel") ? bodies["cancel"] : nil,
                    options: ["--path-as-is"])
                Self.expectRefusal(reply, path)
            }
            Self.expectNothingWritten(daemon, since: before)
            #expect(try daemon.meetings(fromDaysAhead: 2, to: 16).first { $0.uid == meeting.uid }?.status == "scheduled")
        }

        /// Past the 8 KiB the server reads of a request line, the HTTP parser refuses the
        /// request before it is routed: a 400, and nothing written.
        @Test(arguments: [9000, 100_000])
        func anIdPastTheRequestLineLimitIsRefusedBeforeRoutingAndWritesNothing(length: Int) throws {
            let daemon = try RunningDaemon()
            defer { daemon.stop() }
            let before = Self.snapshot(daemon)
            let id = String(repeating: "a", count: length)
            let reading = try SecurityTests.curl(daemon.socketPath, "GET", "/v1/forums/\(id)/calendar.ics")
            let change = try SecurityTests.curl(
                daemon.socketPath, "POST", "/v1/occurrences/\(id)/cancel",
                body: #"{"reason":"x"}"#)
            for reply in [reading, change] {
                #expect(reply.status == 400, "\(reply.status)")
                withKnownIssue("Hummingbird answers its parser's errors itself, with an empty body") {
                    Self.expectRefusal(reply, "/v1/…/\(length) characters")
                }
            }
            Self.expectNothingWritten(daemon, since: before)
            #expect(try daemon.json("GET", "/v1/status")["state"] as? String == "running")
        }

        // MARK: - Helpers

        /// A 4xx answer with an error document, `{"error":{"code","message"}}`.
        static func expectRefusal(
            _ reply: RunningDaemon.Reply, _ path: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            let shown = path.count > 120 ? String(path.prefix(120)) + "…" : path
            #expect((400..<500).contains(reply.status), "\(shown): \(reply)", sourceLocation: sourceLocation)
            let error = reply.object["error"] as? [String: Any] ?? [:]
            #expect(
                Set(reply.object.keys) == ["error"] && Set(error.keys) == ["code", "message"],
                "\(shown): \(reply)", sourceLocation: sourceLocation)
            #expect(
                ["not_found", "bad_request"].contains(error["code"] as? String ?? ""), "\(shown): \(reply)",
                sourceLocation: sourceLocation)
        }

        /// The test folder and the socket folder, less the ledger files, which reads and
        /// the daemon's own rounds may touch.
        static func snapshot(_ daemon: RunningDaemon) -> (work: [String], socket: [String], messages: [String]) {
            let work = SecurityTests.tree(daemon.work.path).filter { !$0.hasPrefix("state/ledger.sqlite") }
            let messages = work.filter { $0.hasPrefix("spool/") && !$0.hasSuffix("/") }
            return (work, SecurityTests.tree(daemon.socketFolder), messages)
        }

        /// Nothing new outside the spool's forum folders and the ledger, no new forum
        /// folder, and no message written or changed by a refused request.
        static func expectNothingWritten(
            _ daemon: RunningDaemon, since before: (work: [String], socket: [String], messages: [String]),
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            let after = snapshot(daemon)
            #expect(
                after.work == before.work, "\(Set(after.work).symmetricDifference(before.work).sorted())",
                sourceLocation: sourceLocation)
            #expect(after.socket == before.socket && after.socket == ["control.sock"], sourceLocation: sourceLocation)
            #expect(after.messages == before.messages, sourceLocation: sourceLocation)
        }
    }
}
