import ConveneTestSupport
import Foundation
import Testing

/// The running daemon reads its inbox: an answer delivered into `inbox/new` the way an
/// MTA delivers (written in tmp/, renamed into new/) is recorded and moved to `cur/`
/// without polling, from the invitation the daemon itself wrote.
@Suite(.serialized) struct InboxEndToEndTests {
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
}
