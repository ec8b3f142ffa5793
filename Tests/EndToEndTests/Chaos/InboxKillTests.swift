import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 14's kill test for the inbox, under the real unit: 500 replies to the
/// invitations the daemon wrote stream into its inbox (as an MTA delivers: tmp/, then a
/// rename into new/) while it is killed with SIGKILL, at least 30 times
/// (`CONVENE_INBOX_KILLS`) and until the last message is in: at random moments, the
/// moment a message arrives, and the moment a new daemon files its first message;
/// systemd restarts it each time. Then a second daemon, from the ledger and spool as
/// they were before the first reply, reads the same files without a kill. Every file
/// must end in exactly one place, the same in both runs, and both ledgers must hold the
/// same messages and the same answers.
@Suite(.serialized, .runsOnBlockingThreads) struct InboxKillTests {
    static let kills = Int(ProcessInfo.processInfo.environment["CONVENE_INBOX_KILLS"] ?? "") ?? 30
    static let messages = 500
    static let forums = 10
    /// Seconds between deliveries: for 30 kills, 500 take 20 s, about as long as 30–40
    /// kills and restarts take here; more kills, a slower stream.
    static let interval = 0.04 * Double(max(kills, 30)) / 30
    static let dropIn = "RestartSec=100ms\nLogRateLimitIntervalSec=0\n[Unit]\nStartLimitIntervalSec=0"
    static let interruptedMove = "an inbox message recorded before a stop was moved"

    @Test func repliesStreamingInWhileTheDaemonIsKilledAreEachFiledAndRecordedOnce() throws {
        try SystemdUserManager.require()
        let killed = try UserUnit(dropIn: Self.dropIn, daemonArguments: ["--log-level", "debug"])
        defer { killed.remove() }
        let clean = try UserUnit(dropIn: Self.dropIn)
        defer { clean.remove() }
        try ServiceConfiguration.write(to: killed.config, forums: Self.forums)
        #expect(try killed.systemctl("start").status == 0)
        try Self.waitUntilSent(killed)
        #expect(try killed.systemctl("stop").status == 0)
        // The clean run starts from the same configuration, ledger and spool.
        try FileManager.default.removeItem(atPath: clean.config)
        for folder in ["config", "state", "spool"] {
            try FileManager.default.copyItem(atPath: killed.folder + "/" + folder, toPath: clean.folder + "/" + folder)
        }

        let invitations = try Self.invitations(in: killed.spool)
        let stream = ReplyStream(invitations: invitations, count: Self.messages, seed: 0x1B0C_5EED)
        let inbox = killed.state + "/inbox"
        #expect(try killed.systemctl("start").status == 0)
        let began = ContinuousClock.now
        let feeder = InboxFeeder(inbox: inbox, messages: stream.replies.map(\.bytes), interval: Self.interval)
        feeder.start()
        var random = SeededGenerator(seed: 0x4B11_1ED)
        var pids: [Int32] = []
        // At least `kills`, and on until the last message is in.
        while pids.count < Self.kills || !feeder.isFinished {
            let pid: Int32
            // Once the last message is in, nothing arrives to wait for.
            switch feeder.isFinished ? 0 : pids.count % 3 {
            case 0:
                // A random moment of a life: a pass over what came while it was down, a
                // message being read, recorded or moved, or nothing at all.
                pid = try Self.running(killed, besides: pids)
                usleep(UInt32.random(in: 0...600_000, using: &random))
            case 1:
                // The moment a message arrives: the daemon is woken to read it.
                pid = try Self.running(killed, besides: pids)
                _ = FolderEvents(inbox + "/new", mask: UInt32(IN_MOVED_TO)).wait(timeout: .seconds(1))
            default:
                // The moment the next daemon files its first message: in the middle of its
                // pass over what came while it was down.
                let filing = FolderEvents(inbox + "/new", mask: UInt32(IN_MOVED_FROM))
                pid = try Self.started(killed, besides: pids)
                _ = filing.wait(timeout: .seconds(2))
            }
            #expect(kill(pid, SIGKILL) == 0)
            pids.append(pid)
        }
        let (names, failures) = feeder.finish()
        try #require(failures.isEmpty, "deliveries failed: \(failures.prefix(3))")
        _ = try Self.running(killed, besides: pids)
        try SystemdUserManager.wait("every message filed", timeout: .seconds(120)) {
            try FileManager.default.contentsOfDirectory(atPath: inbox + "/new").isEmpty
        }
        let elapsed = ContinuousClock.now - began
        #expect(Int(try killed.property("NRestarts")) ?? 0 >= pids.count)
        #expect(try killed.systemctl("stop").status == 0)

        // The clean run: every file in new/ before the daemon starts, read in one pass.
        let cleanInbox = clean.state + "/inbox"
        for (name, reply) in zip(names, stream.replies) {
            try InboxFeeder.deliver(reply.bytes, name: name, into: cleanInbox)
        }
        #expect(try clean.systemctl("start").status == 0)
        try SystemdUserManager.wait("every message filed by the clean run", timeout: .seconds(120)) {
            try FileManager.default.contentsOfDirectory(atPath: cleanInbox + "/new").isEmpty
        }
        #expect(try clean.systemctl("stop").status == 0)

        let asked = invitations.map { (forum: $0.forum, occurrence: $0.occurrence, sequence: $0.sequence) }
        let after = try InboxAudit(inbox: inbox, ledger: killed.state + "/ledger.sqlite", asked: asked)
        let expected = try InboxAudit(inbox: cleanInbox, ledger: clean.state + "/ledger.sqlite", asked: asked)
        #expect(names.count == Self.messages)
        after.expectFiled(names) { stream.replies[$0].quarantined }
        expected.expectFiled(names) { stream.replies[$0].quarantined }
        // One row per distinct message: a copy of one recorded is only filed.
        #expect(after.inbound.count == stream.distinct)
        #expect(after.answers.count == stream.distinctAnswers)
        #expect(Set(after.answers.map(\.forum)).count == Self.forums)
        after.expectSame(as: expected)

        // A message found in new/ already recorded under its own name was recorded before a
        // kill and moved after it (the same entry is logged for a copy, under another name).
        let recordedNames = Set(after.inbound.map(\.fileName))
        let interrupted = try killed.journal(["PRIORITY=7"]).count {
            $0["MESSAGE"] == Self.interruptedMove && recordedNames.contains($0["FILE"] ?? "")
        }
        let copies = stream.replies.count(where: \.isCopy)
        let outcomes = Dictionary(grouping: after.inbound, by: \.outcome).sorted { $0.key < $1.key }
            .map { "\($0.value.count) \($0.key)" }.joined(separator: ", ")
        let seconds = String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print(
            """
            inbox kill test: \(names.count) messages (\(copies) exact copies, \(stream.reanswers) answers to a meeting \
            the forum had answered) delivered every \(Int(Self.interval * 1000)) ms to \(Self.forums) forums' reply address; \
            \(pids.count) SIGKILLs, \(interrupted) of them between a message's record and its move; \
            all filed \(seconds) s after the first delivery; \
            \(after.inbound.count) distinct messages recorded (\(outcomes)), \(after.quarantined) files quarantined, \
            \(after.answers.count) answers (\(after.current.values.map(\.count).reduce(0, +)) current)
            """)
    }

    /// Waits for the first round's invitations: all written, nothing committed and not done.
    static func waitUntilSent(_ unit: UserUnit) throws {
        try SystemdUserManager.wait("the invitations written", timeout: .seconds(120)) {
            guard let status = try? unit.status(), status["spool_backlog"] as? Int == 0,
                status["next_notification"] is [String: Any]
            else { return false }
            return try Store.open(path: unit.state + "/ledger.sqlite").committedNotDone().isEmpty
        }
    }

    /// Waits for a daemon not among `pids` to be running (READY sent); its PID.
    static func running(_ unit: UserUnit, besides pids: [Int32]) throws -> Int32 {
        var pid: Int32 = 0
        try SystemdUserManager.wait("convened running after \(pids.count) kills", timeout: .seconds(60)) {
            pid = unit.mainPID
            return try pid != 0 && !pids.contains(pid) && unit.property("SubState") == "running"
        }
        return pid
    }

    /// Waits for systemd to start a daemon not among `pids` (ready or not); its PID.
    static func started(_ unit: UserUnit, besides pids: [Int32]) throws -> Int32 {
        var pid: Int32 = 0
        try SystemdUserManager.wait("convened started after \(pids.count) kills", timeout: .seconds(60)) {
            pid = unit.mainPID
            return pid != 0 && !pids.contains(pid)
        }
        return pid
    }

    /// The invitations in each forum's spool, by forum and meeting.
    static func invitations(in spool: String) throws -> [ReplyStream.Invitation] {
        var invitations: [ReplyStream.Invitation] = []
        for forum in try FileManager.default.contentsOfDirectory(atPath: spool) {
            let folder = spool + "/" + forum + "/new/"
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let text = try String(contentsOfFile: folder + name, encoding: .utf8)
                let parts = text.components(separatedBy: "\r\n\r\n")
                var fields: [String: String] = [:]
                for line in parts[0].replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let body = text.replacingOccurrences(of: "=\r\n", with: "")
                guard fields["x-convene-kind"] == "invitation", let occurrence = fields["x-convene-occurrence"],
                    let id = fields["message-id"], let subject = fields["subject"],
                    let sequence = body.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("SEQUENCE:") })
                else { continue }
                invitations.append(
                    ReplyStream.Invitation(
                        forum: forum, contact: forum.replacingOccurrences(of: "-", with: "") + "@example.org",
                        occurrence: occurrence, sequence: Int(sequence.dropFirst(9)) ?? -1,
                        messageID: String(id.dropFirst().dropLast()), subject: subject))
            }
        }
        #expect(Set(invitations.map(\.forum)).count == Self.forums, "every forum invited")
        return invitations.sorted { ($0.forum, $0.occurrence) < ($1.forum, $1.occurrence) }
    }
}
