import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

/// The running daemon reads its inbox: an answer delivered into `inbox/new` the way an
/// MTA delivers (written in tmp/, renamed into new/) is recorded and moved to `cur/`
/// without polling, from the invitation the daemon itself wrote.
@Suite(.serialized, .runsOnBlockingThreads) struct InboxEndToEndTests {
    @Test func anAnswerDeliveredToTheInboxIsRecordedAndFiled() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let inbox = daemon.state + "/inbox"
        // The first round writes forum-0's invitations; answer the first of them.
        try RunningDaemon.wait(for: "forum-0's invitations") { !daemon.messages(for: "forum-0").isEmpty }
        let invitation = try daemon.message(daemon.messages(for: "forum-0").sorted()[0], for: "forum-0")
        let uid = try #require(
            invitation.split(separator: "\r\n").first { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) })
        let reply = [
            "From: Secretary <forum0@example.org>", "To: participation@example.org", "Subject: Declined",
            "Message-ID: <e2e-1@example.org>", "MIME-Version: 1.0",
            "Content-Type: text/calendar; charset=utf-8; method=REPLY", "",
            "BEGIN:VCALENDAR", "METHOD:REPLY", "BEGIN:VEVENT", "UID:\(uid)", "SEQUENCE:0",
            "ATTENDEE;PARTSTAT=DECLINED:mailto:forum0@example.org", "COMMENT:Our AGM is that night", "END:VEVENT",
            "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        try Data(reply.utf8).write(to: URL(fileURLWithPath: inbox + "/tmp/1.e2e.host"))
        #expect(rename(inbox + "/tmp/1.e2e.host", inbox + "/new/1.e2e.host") == 0)
        try RunningDaemon.wait(for: "the answer filed in cur/") {
            FileManager.default.fileExists(atPath: inbox + "/cur/1.e2e.host:2,")
        }
        #expect(daemon.output.contains("an answer came in"), "\(daemon.output)")
        let logged = daemon.output.split(separator: "\n").first { $0.contains("an answer came in") } ?? ""
        #expect(logged.contains("forum.id=forum-0") && logged.contains("answer=declined") && logged.contains(uid))
        #expect(!logged.contains("forum0@example.org"), "no contact's address in the log")
        // Untrusted: quarantined with its reason, the answer table untouched by it.
        let stranger = reply.replacingOccurrences(of: "forum0@example.org", with: "someone@example.net")
            .replacingOccurrences(of: "e2e-1@", with: "e2e-2@")
        try Data(stranger.utf8).write(to: URL(fileURLWithPath: inbox + "/tmp/2.e2e.host"))
        #expect(rename(inbox + "/tmp/2.e2e.host", inbox + "/new/2.e2e.host") == 0)
        try RunningDaemon.wait(for: "the stranger's message in quarantine") {
            FileManager.default.fileExists(atPath: inbox + "/.Quarantine/cur/2.e2e.host:2,")
        }
        #expect(daemon.output.contains("the sender is not a contact of any forum"))
    }

    /// Calendar programs answer the very invitations the daemon wrote (python's
    /// `icalendar`, as a client builds a REPLY): both answers are recorded; after a move,
    /// the update asks the forum again.
    @Test func repliesBuiltFromTheRealInvitationsAreRecordedAndAMoveAsksAgain() throws {
        let daemon = try RunningDaemon(forums: 3)
        defer { daemon.stop() }
        let inbox = daemon.state + "/inbox"
        let meeting = try daemon.invitedMeetings()[0]
        func invitation(_ forum: String) throws -> String {
            let name = try #require(
                try daemon.messages(for: forum).first { try daemon.message($0, for: forum).contains("UID:\(meeting.uid)") })
            return try daemon.message(name, for: forum)
        }
        let answers = [
            ("forum-0", "forum0@example.org", "DECLINED", "It is our AGM that night"),
            ("forum-1", "forum1@example.org", "ACCEPTED", ""),
        ]
        for (index, (forum, contact, partStat, comment)) in answers.enumerated() {
            let reply = try PythonOracle.run(
                "calendar_client.py", arguments: [contact, partStat] + (comment.isEmpty ? [] : [comment]),
                input: try invitation(forum))
            let name = "\(index + 10).python.host"
            try Data(reply.utf8).write(to: URL(fileURLWithPath: inbox + "/tmp/" + name))
            #expect(rename(inbox + "/tmp/" + name, inbox + "/new/" + name) == 0)
        }
        try RunningDaemon.wait(for: "both answers filed") {
            FileManager.default.fileExists(atPath: inbox + "/cur/10.python.host:2,")
                && FileManager.default.fileExists(atPath: inbox + "/cur/11.python.host:2,")
        }
        let recorded = try Store.open(path: daemon.ledgerPath).answers(occurrence: meeting.uid)
        #expect(recorded.map(\.forum).sorted() == ["forum-0", "forum-1"])
        #expect(recorded.first { $0.forum == "forum-0" }?.answer == .declined)
        #expect(recorded.first { $0.forum == "forum-0" }?.reason == "It is our AGM that night")
        #expect(recorded.first { $0.forum == "forum-1" }?.answer == .accepted)

        // Coordinators see them: `convenectl attendance --json`, reasons for root only.
        let month = String(meeting.start.prefix(7))
        func attendance() throws -> [String: Any] {
            let shown = try Subprocess.run(
                RepositoryPaths.executable("convenectl"),
                ["attendance", "--json", "--month", month, "--socket", daemon.socketPath])
            #expect(shown.status == 0, "\(shown.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let meetings = try #require(document["meetings"] as? [[String: Any]])
            return try #require(meetings.first { $0["uid"] as? String == meeting.uid })
        }
        func current(_ shown: [String: Any], _ forum: String) -> [String: Any]? {
            (shown["answers"] as? [[String: Any]])?.first { $0["forum"] as? String == forum && $0["current"] as? Bool == true }
        }
        let shown = try attendance()
        #expect(current(shown, "forum-0")?["answer"] as? String == "declined")
        #expect(current(shown, "forum-0")?["reason"] as? String == "It is our AGM that night")
        #expect(current(shown, "forum-0")?["via"] as? String == "calendar")
        #expect(current(shown, "forum-1")?["answer"] as? String == "accepted")
        let counts = try #require(shown["counts"] as? [String: Int])
        #expect(counts["declined"] == 1 && counts["accepted"] == 1 && counts["no_answer"] == meeting.forums.count - 2)
        // The file mode keeps others out; opened up, the peer check decides what they see.
        #expect(chmod(daemon.socketPath, 0o666) == 0)
        let asNobody = try daemon.request("GET", "/v1/occurrences/\(meeting.uid)/attendance", as: .nobody)
        #expect(asNobody.status == 200 && !asNobody.body.contains("AGM"), "reasons are for the admin group only")
        #expect(asNobody.body.contains(#""declined""#), "others see the answers and counts")

        // An answer taken by phone for a forum that has not answered.
        let silent = try #require(meeting.forums.first { $0 != "forum-0" && $0 != "forum-1" })
        let phoned = try Subprocess.run(
            RepositoryPaths.executable("convenectl"),
            ["answer", meeting.uid, "--forum", silent, "--maybe", "--reason", "Childcare", "--socket", daemon.socketPath])
        #expect(phoned.status == 0 && phoned.stdout.hasPrefix("Recorded: "), "\(phoned.stderr)")
        #expect(current(try attendance(), silent)?["via"] as? String == "coordinator")
        #expect(
            try daemon.request(
                "POST", "/v1/occurrences/\(meeting.uid)/answers", body: #"{"forum":"\#(silent)","answer":"accepted"}"#,
                as: .nobody
            )
            .status == 403)

        // Moved an hour earlier: the update carries SEQUENCE 1, and forum-0 is asked again.
        let before = daemon.spoolContents(["forum-0", "forum-1"])
        let earlier =
            meeting.date + "T" + String(format: "%02d", Int(meeting.start.dropFirst(11).prefix(2))! - 1)
            + meeting.start.dropFirst(13)
        let moved = try daemon.request(
            "POST", "/v1/occurrences/\(meeting.uid)/move", body: #"{"start":"\#(earlier)","reason":"The hall is needed"}"#)
        #expect(moved.status == 200, "\(moved)")
        let updates = try daemon.waitForMessages("update", to: ["forum-0", "forum-1"], besides: before)
        for (forum, contact) in [("forum-0", "forum0@example.org"), ("forum-1", "forum1@example.org")] {
            let text = try #require(updates[forum]).replacingOccurrences(of: "=\r\n", with: "")
                .replacingOccurrences(of: "=3D", with: "=").replacingOccurrences(of: "\r\n ", with: "")
            #expect(text.contains(";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:\(contact)"), "\(forum) is asked again")
        }
    }

    /// `chase = "P2D"`: two days before a meeting, the forum that has not answered is asked
    /// "Can you come?"; the one that answered is not. The daemon runs on a test clock that
    /// the test moves to the chase time.
    @Test func chasersGoOnlyToForumsThatHaveNotAnswered() throws {
        let work = try TemporaryDirectory(prefix: "chase")
        let config = work.path + "/config"
        try ServiceConfiguration.write(to: config, forums: 2)
        let series = try FileHandle(forWritingTo: URL(fileURLWithPath: config + "/meetings/daily.toml"))
        try series.seekToEnd()
        try series.write(contentsOf: Data("chase = \"P2D\"\n".utf8))
        try series.close()
        let clock = work.path + "/clock"
        let iso = ISO8601DateFormatter()
        try Data((iso.string(from: Date()) + "\n").utf8).write(to: URL(fileURLWithPath: clock))
        let daemon = try RunningDaemon(
            copying: URL(fileURLWithPath: config), environment: ["CONVENE_TEST_CLOCK": clock])
        defer { daemon.stop() }
        let inbox = daemon.state + "/inbox"

        // A meeting at least four days ahead: its chase time is still to come.
        let soon = try #require(
            try daemon.invitedMeetings().first { meeting in
                let start = try daemon.json("GET", "/v1/occurrences/\(meeting.uid)/attendance")["meetings"]
                return ((start as? [[String: Any]])?.first?["start"] as? String).flatMap(iso.date(from:)).map {
                    $0.timeIntervalSinceNow > 4 * 86_400
                } ?? false
            })
        let answered = try #require(
            (try daemon.json("GET", "/v1/occurrences/\(soon.uid)/attendance")["meetings"] as? [[String: Any]])?.first)
        let start = try #require((answered["start"] as? String).flatMap(iso.date(from:)))

        let reply = [
            "From: Secretary <forum0@example.org>", "To: participation@example.org", "Subject: Accepted",
            "Message-ID: <chase-1@example.org>", "MIME-Version: 1.0",
            "Content-Type: text/calendar; charset=utf-8; method=REPLY", "",
            "BEGIN:VCALENDAR", "METHOD:REPLY", "BEGIN:VEVENT", "UID:\(soon.uid)", "SEQUENCE:0",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:forum0@example.org", "END:VEVENT", "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        try Data(reply.utf8).write(to: URL(fileURLWithPath: inbox + "/tmp/1.chase.host"))
        #expect(rename(inbox + "/tmp/1.chase.host", inbox + "/new/1.chase.host") == 0)
        try RunningDaemon.wait(for: "the answer filed") { FileManager.default.fileExists(atPath: inbox + "/cur/1.chase.host:2,") }

        let before = daemon.spoolContents(["forum-0", "forum-1"])
        try Data((iso.string(from: start.addingTimeInterval(-2 * 86_400 + 60)) + "\n").utf8).write(
            to: URL(fileURLWithPath: clock))
        // Chasers for the meetings before it fall due too; wait for this meeting's.
        func chaserAbout(_ forum: String) throws -> String? {
            for name in daemon.messages(for: forum) where name.contains(".chaser-") && !(before[forum] ?? []).contains(name) {
                let text = try daemon.message(name, for: forum)
                if text.contains("UID:\(soon.uid)") { return text }
            }
            return nil
        }
        var found: String?
        try RunningDaemon.wait(for: "forum-1's chaser for \(soon.uid)") {
            found = try chaserAbout("forum-1")
            return found != nil
        }
        let chaser = try #require(found)
        #expect(chaser.contains("Can you come?"))
        #expect(try chaserAbout("forum-0") == nil, "forum-0 answered: no chaser in its spool")
        let toldForum0 = try daemon.json("GET", "/v1/notifications?forum=forum-0&occurrence=\(soon.uid)")
        let kinds = (toldForum0["notifications"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("invitation") && !kinds.contains("chaser"), "forum-0 answered: \(kinds)")
    }
}
