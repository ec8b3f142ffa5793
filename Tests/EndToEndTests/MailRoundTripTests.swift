import ConveneConfig
import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Mail that really goes out and comes back, through the Postfix `scripts/services`
/// runs (127.0.0.1 only, local delivery for example.org, nothing relayed). The shipped
/// unit runs in the user manager as the account `convene-test` on the shipped
/// configuration with `[delivery] sendmail = "/usr/sbin/sendmail"`; Postfix delivers each
/// contact's copy to a Maildir of the test's, and the reply address to the daemon's
/// inbox, as that account (through an alias map it owns, as the README's `convened` user
/// has its home at the state folder).
@Suite(.serialized, .runsOnBlockingThreads) struct MailRoundTripTests {
    /// The unit, its configuration, its test clock and the contacts' mailboxes.
    final class MailUnit {
        let unit: UserUnit
        let configuration: Configuration
        var mail: String { unit.folder + "/mail" }
        var clockFile: String { unit.folder + "/clock" }
        var inbox: String { unit.state + "/inbox" }

        init(clock: String, readmeDropIn: Bool) throws {
            try SystemdUserManager.require()
            try Self.requirePostfix()
            guard let account = UserUnit.Account("convene-test") else {
                throw SystemdUserManager.Missing(what: "the account convene-test")
            }
            unit = try UserUnit(account: account)
            let shipped = RepositoryPaths.exampleConfig.deletingLastPathComponent().path
            for name in try FileManager.default.contentsOfDirectory(atPath: shipped) {
                try FileManager.default.copyItem(atPath: shipped + "/" + name, toPath: unit.config + "/" + name)
            }
            // Readable by the account whatever the checkout's own modes.
            if let walker = FileManager.default.enumerator(atPath: unit.config) {
                for case let name as String in walker {
                    var isFolder: ObjCBool = false
                    let path = unit.config + "/" + name
                    _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                    chmod(path, isFolder.boolValue ? 0o755 : 0o644)
                }
            }
            try """
            [delivery]
            sendmail = "/usr/sbin/sendmail"
            sendmail_timeout = "PT5S"

            """.write(toFile: unit.config + "/conf.d/90-mail.toml", atomically: true, encoding: .utf8)
            configuration = try #require(ConfigurationLoader(mainFile: unit.config + "/convened.toml").load().configuration)
            try FileManager.default.createDirectory(atPath: mail, withIntermediateDirectories: true)
            guard chown(mail, account.uid, account.gid) == 0 else { throw Failure("cannot give \(mail) to convene-test") }
            try Self.routeMail(configuration, mailboxes: mail, inbox: inbox, account: account)
            try setClock(clock)
            try unit.setDropIn("clock", "Environment=CONVENE_TEST_CLOCK=\(clockFile)")
            if readmeDropIn { try unit.setDropIn("postfix", try ReadmeText.postfixDropIn()) }
        }

        func remove() { unit.remove() }

        /// Starts (or restarts) the service and waits for its control socket to answer
        /// (the unit counts as started at exec: see `UserUnit.init(account:)`).
        func start(_ verb: String = "start") throws {
            let started = try unit.systemctl(verb)
            guard started.status == 0 else { throw Failure("systemctl \(verb): \(started.stderr)") }
            try SystemdUserManager.wait("the daemon's control socket", timeout: .seconds(60)) {
                (try? unit.request("GET", "/v1/status"))?.status == 200
            }
        }

        func setClock(_ instant: String) throws {
            try "\(instant)\n".write(toFile: clockFile, atomically: true, encoding: .utf8)
        }

        static func requirePostfix() throws {
            let status = try Subprocess.run(URL(fileURLWithPath: "/usr/sbin/postfix"), ["status"])
            guard status.status == 0 else { throw SystemdUserManager.Missing(what: "Postfix") }
        }

        /// Every contact and officer of `configuration` to a Maildir of their own under
        /// `mailboxes`, and the organiser (the reply address) to the daemon's `inbox`:
        /// the alias map `scripts/services` gave Postfix, rewritten, then `postfix reload`.
        static func routeMail(_ configuration: Configuration, mailboxes: String, inbox: String, account: UserUnit.Account)
            throws
        {
            let addresses =
                configuration.forums.flatMap { $0.contacts.map(\.email) } + configuration.officers.map(\.email)
            var lines = ["\(localPart(configuration.organisation.organiser.email)): \(inbox)/"]
            for address in Set(addresses).sorted() { lines.append("\(localPart(address)): \(mailboxes)/\(address)/") }
            let map = UserUnit.accountFolders + "/postfix/aliases"
            try (lines.joined(separator: "\n") + "\n").write(toFile: map, atomically: true, encoding: .utf8)
            for (tool, arguments) in [("/usr/sbin/postalias", [map]), ("/usr/sbin/postfix", ["reload"])] {
                let result = try Subprocess.run(URL(fileURLWithPath: tool), arguments)
                guard result.status == 0 else { throw Failure("\(tool) \(arguments): \(result.stderr)") }
            }
            // Owned by the account, so Postfix delivers to the files it names as that account.
            for path in [map, map + ".db"] where chown(path, account.uid, account.gid) != 0 {
                throw Failure("cannot give \(path) to convene-test")
            }
        }

        static func localPart(_ address: String) -> String { String(address.split(separator: "@")[0]).lowercased() }

        /// `GET /v1/notifications` for every forum, all pages.
        func notifications() throws -> [[String: Any]] {
            var all: [[String: Any]] = []
            var cursor: String? = ""
            while let next = cursor {
                let (status, body) = try unit.request(
                    "GET", "/v1/notifications?limit=1000" + (next.isEmpty ? "" : "&cursor=\(next)"))
                guard status == 200, let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                else { throw Failure("GET /v1/notifications: \(status) \(body)") }
                all += page["notifications"] as? [[String: Any]] ?? []
                cursor = page["next_cursor"] as? String
            }
            return all.filter { $0["written_at"] is String }
        }

        /// The spool's messages: (forum, file name, bytes), read from new/ or cur/.
        func spooled() throws -> [(forum: String, file: String, bytes: Data)] {
            try notifications().map { row in
                let forum = try #require(row["forum"] as? String)
                let file = try #require(row["file"] as? String)
                let folder = unit.spool + "/" + forum
                let path = [folder + "/new/" + file, folder + "/cur/" + file].first { FileManager.default.fileExists(atPath: $0) }
                return (forum, file, try Data(contentsOf: URL(fileURLWithPath: try #require(path, "\(forum)/\(file)"))))
            }
        }

        /// What each address's Maildir holds, as delivered.
        func mailboxes() -> [String: [Data]] {
            var boxes: [String: [Data]] = [:]
            for address in (try? FileManager.default.contentsOfDirectory(atPath: mail)) ?? [] {
                let new = mail + "/" + address + "/new"
                boxes[address] = ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).sorted().compactMap {
                    try? Data(contentsOf: URL(fileURLWithPath: new + "/" + $0))
                }
            }
            return boxes
        }

        /// Waits until Postfix has delivered every spooled message to each of its forum's
        /// contacts, then checks each arrived exactly once, with the spool's headers and
        /// body (line endings and the MTA's trace headers aside).
        func expectEachMessageDeliveredOnce(timeout: Duration = .seconds(90)) throws {
            let spooled = try spooled()
            let contacts = Dictionary(uniqueKeysWithValues: configuration.forums.map { ($0.id, $0.contacts.map(\.email)) })
            let expected = spooled.reduce(0) { $0 + (contacts[$1.forum]?.count ?? 0) }
            try SystemdUserManager.wait("\(expected) deliveries, and Postfix's queue empty", timeout: timeout) {
                mailboxes().values.reduce(0) { $0 + $1.count } >= expected && Self.postfixQueueIsEmpty()
            }
            let boxes = mailboxes()
            #expect(boxes.values.reduce(0) { $0 + $1.count } == expected, "nothing more than each message once per contact")
            for message in spooled {
                let sent = Self.normalised(message.bytes)
                for contact in contacts[message.forum] ?? [] {
                    let copies = (boxes[contact] ?? []).filter { Self.withoutTrace($0, firstLine: sent.first) == sent }
                    #expect(copies.count == 1, "\(message.forum)/\(message.file) reached \(contact) \(copies.count) times")
                }
            }
        }

        /// Nothing in Postfix's queues, its maildrop included: what was handed over has
        /// been delivered (or bounced), and no copy is still on its way. A maildrop file
        /// counts once postdrop has finished it (it sets the owner's execute bit then); one
        /// a killed postdrop left unfinished is never picked up, and is not waited for.
        static func postfixQueueIsEmpty() -> Bool {
            let folder = "/var/spool/postfix/maildrop"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
            let finished = names.filter { name in
                var info = stat()
                return stat(folder + "/" + name, &info) == 0 && info.st_mode & S_IXUSR != 0
            }
            guard finished.isEmpty, let queue = try? Subprocess.run(URL(fileURLWithPath: "/usr/sbin/postqueue"), ["-p"])
            else { return false }
            return queue.status == 0 && queue.stdout.contains("Mail queue is empty")
        }

        /// The lines of a message, CRLF or LF.
        static func normalised(_ bytes: Data) -> [Substring] {
            String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").split(
                separator: "\n", omittingEmptySubsequences: false)[...].map { $0 }
        }

        /// A delivered message without the headers Postfix put before it (Return-Path,
        /// X-Original-To, Delivered-To, Received): from the spool's first header line on.
        static func withoutTrace(_ delivered: Data, firstLine: Substring?) -> [Substring] {
            let lines = normalised(delivered)
            guard let firstLine, let start = lines.firstIndex(of: firstLine) else { return lines }
            return Array(lines[start...])
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Waits until every written message's hand-off matches `done`.
    static func waitForHandoffs(
        _ mail: MailUnit, _ what: String, timeout: Duration = .seconds(90), until done: @escaping ([String: Any]) -> Bool
    ) throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        try SystemdUserManager.wait(what, timeout: timeout) {
            rows = try mail.notifications()
            return !rows.isEmpty && rows.allSatisfy { ($0["handoff"] as? [String: Any]).map(done) ?? false }
        }
        return rows
    }

    /// Without the README's drop-in the sandbox keeps postdrop out of Postfix's queue:
    /// every hand-off is refused and waits. With it, each message reaches each of its
    /// forum's contacts exactly once. With Postfix stopped, its sendmail still queues; the
    /// messages arrive once it starts, none twice.
    @Test func theShippedUnitHandsTheMonthsMessagesToPostfixOnceWithTheReadmesDropIn() throws {
        // 18 January 2027, 09:30: February's invitations are published at 09:00.
        let mail = try MailUnit(clock: "2027-01-18T09:30:00Z", readmeDropIn: false)
        defer { mail.remove() }
        try mail.start()

        // postdrop cannot write Postfix's queue and retries for ever: sendmail is stopped
        // at its time limit, with what postdrop said, and the messages wait.
        var refused: [[String: Any]] = []
        try SystemdUserManager.wait("hand-offs tried and stopped", timeout: .seconds(90)) {
            refused = try mail.notifications()
            let tried = refused.compactMap { $0["handoff"] as? [String: Any] }.filter { ($0["attempts"] as? Int ?? 0) >= 1 }
            return refused.count > 4 && tried.count >= 4
        }
        let handoffs = refused.compactMap { $0["handoff"] as? [String: Any] }
        #expect(handoffs.count == refused.count, "every message written is queued for the MTA")
        #expect(handoffs.allSatisfy { $0["state"] as? String == "waiting" })
        let tried = handoffs.filter { ($0["attempts"] as? Int ?? 0) >= 1 }
        #expect(tried.allSatisfy { $0["exit_status"] is NSNull }, "\(tried.prefix(2))")
        #expect(
            tried.allSatisfy { ($0["error"] as? String)?.contains("mail_queue_enter: create file maildrop/") == true },
            "\(tried.prefix(2))")
        #expect(mail.mailboxes().values.allSatisfy { $0.isEmpty }, "nothing reached anyone")

        try mail.unit.setDropIn("postfix", try ReadmeText.postfixDropIn())
        // The restarted daemon reads its clock from the file again: moved on ten minutes,
        // so the first refusals' retries (at most minutes after them) are due.
        try mail.setClock("2027-01-18T09:40:00Z")
        try mail.start("restart")
        let handed = try Self.waitForHandoffs(mail, "every message handed off") { $0["state"] as? String == "handed_off" }
        #expect(handed.count == refused.count, "the same messages, none written twice")
        #expect(handed.allSatisfy { ($0["handoff"] as? [String: Any])?["exit_status"] as? Int == 0 })
        try mail.expectEachMessageDeliveredOnce()
        let first = mail.mailboxes().values.reduce(0) { $0 + $1.count }

        // Postfix stopped mid-round: a week on, the reminders fall due.
        let stop = try Subprocess.run(URL(fileURLWithPath: "/usr/sbin/postfix"), ["stop"])
        #expect(stop.status == 0, "\(stop.stderr)")
        defer { _ = try? Subprocess.run(URL(fileURLWithPath: "/usr/sbin/postfix"), ["start"]) }
        try mail.setClock("2027-01-25T09:30:00Z")
        var later: [[String: Any]] = []
        try SystemdUserManager.wait("the week's reminders written and handed off", timeout: .seconds(90)) {
            later = try mail.notifications()
            return later.count > handed.count
                && later.allSatisfy { ($0["handoff"] as? [String: Any])?["state"] as? String == "handed_off" }
        }
        #expect(mail.mailboxes().values.reduce(0) { $0 + $1.count } == first, "held in Postfix's queue while it is stopped")
        let start = try Subprocess.run(URL(fileURLWithPath: "/usr/sbin/postfix"), ["start"])
        #expect(start.status == 0, "\(start.stderr)")
        try mail.expectEachMessageDeliveredOnce()
        let total = try mail.notifications().count
        var journal: [[String: String]] = []
        try SystemdUserManager.wait("a message-handed-off entry for each message", timeout: .seconds(30)) {
            journal = try mail.unit.journal(["MESSAGE_ID=3f6a9c2e81d54b7fa0e4c95d7b3128e6"])
            return journal.count >= total
        }
        #expect(journal.count == total, "one message-handed-off entry per message")
        #expect(journal.allSatisfy { $0["FORUM_ID"] != nil && $0["NOTIFICATION_ID"] != nil })
    }

    /// A forum answers from its mailbox: a calendar program's REPLY to the invitation it
    /// received, sent by SMTP to 127.0.0.1:25 as its provider would; Postfix delivers it
    /// to the daemon's inbox, and `convenectl attendance` shows it.
    @Test func anAnswerSentBySMTPToTheReplyAddressReachesTheAttendance() throws {
        let mail = try MailUnit(clock: "2027-01-18T09:30:00Z", readmeDropIn: true)
        defer { mail.remove() }
        try mail.start()
        let forum = try #require(mail.configuration.forum("chloes-circle"))
        let contact = forum.contacts[0].email
        var invitation = Data()
        try SystemdUserManager.wait("an invitation in \(contact)'s mailbox", timeout: .seconds(90)) {
            guard
                let found = mail.mailboxes()[contact]?.first(where: {
                    String(decoding: $0, as: UTF8.self).contains("METHOD:REQUEST")
                })
            else { return false }
            invitation = found
            return true
        }
        let text = String(decoding: invitation, as: UTF8.self)
        let uid = try #require(
            text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) })
        let reply = try PythonOracle.run(
            "calendar_client.py", arguments: [contact, "DECLINED", "Our AGM is that evening"], input: text)
        let submitted = try PythonOracle.run(
            "smtp_submit.py", arguments: ["127.0.0.1", "25", contact, mail.configuration.organisation.organiser.email],
            input: reply)
        #expect(submitted.contains("250"), "\(submitted)")

        let month = String(uid.split(separator: "-").last?.prefix(6) ?? "")
        let period = month.prefix(4) + "-" + month.dropFirst(4)
        try SystemdUserManager.wait("the answer in the attendance", timeout: .seconds(60)) {
            let shown = try Subprocess.run(
                RepositoryPaths.executable("convenectl"),
                ["attendance", "--json", "--month", String(period), "--socket", mail.unit.socketPath])
            guard shown.status == 0,
                let document = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any],
                let meetings = document["meetings"] as? [[String: Any]],
                let meeting = meetings.first(where: { $0["uid"] as? String == uid }),
                let answers = meeting["answers"] as? [[String: Any]]
            else { return false }
            return answers.contains {
                $0["forum"] as? String == forum.id && $0["answer"] as? String == "declined"
                    && $0["reason"] as? String == "Our AGM is that evening" && $0["via"] as? String == "calendar"
            }
        }
        let filed = try FileManager.default.contentsOfDirectory(atPath: mail.inbox + "/cur")
        #expect(filed.count == 1, "filed in the inbox's cur/: \(filed)")
    }
}
