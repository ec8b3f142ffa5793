import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// "You said, we did" under the real unit on its test clock, over three months: items
/// raised after the first meetings, an action reminded before and after its due date,
/// and three months of letters to 40 forums, the daemon SIGKILLed in the middle of each
/// month's letters (at the first draft, at the first letter published, and at a random
/// moment). systemd restarts it; every reminder and letter is then in its folder exactly
/// once, nothing is left in a tmp/, and the ledger has each as written.
@Suite(.serialized, .runsOnBlockingThreads) struct RecordKillTests {
    static let forums = 40

    /// Waits for a file whose name contains `mark` to be created in (`IN_CREATE`) or
    /// moved into (`IN_MOVED_TO`) one of `folders`; false after `timeout`.
    static func waitForFile(containing mark: String, in folders: [String], moved: Bool, timeout: Duration) -> Bool {
        let watcher = inotify_init1(Int32(IN_CLOEXEC))
        guard watcher >= 0 else { return false }
        defer { close(watcher) }
        for folder in folders { _ = inotify_add_watch(watcher, folder, UInt32(moved ? IN_MOVED_TO : IN_CREATE)) }
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: watcher, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(watcher, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let length = buffer.withUnsafeBytes { Int($0.load(fromByteOffset: offset, as: inotify_event.self).len) }
                let start = offset + MemoryLayout<inotify_event>.size
                let name = String(decoding: buffer[start..<(start + length)].prefix { $0 != 0 }, as: UTF8.self)
                if name.contains(mark) { return true }
                offset = start + length
            }
        }
        return false
    }

    /// Message files whose name contains `mark` in `folder`'s new/ and cur/.
    static func files(_ folder: String, containing mark: String) -> [String] {
        ["new", "cur"].flatMap { box in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + box)) ?? []).filter { $0.contains(mark) }
        }
    }

    @Test func killedDuringEachMonthsLettersTheDaemonLosesAndDuplicatesNothing() throws {
        let clocked = try ClockedUnit(
            forums: Self.forums, clock: "2027-03-02T12:00:00Z",
            dropIn: "RestartSec=100ms\nLogRateLimitIntervalSec=0\n[Unit]\nStartLimitIntervalSec=0")
        defer { clocked.remove() }
        let unit = clocked.unit
        let main = try FileHandle(forWritingTo: URL(fileURLWithPath: unit.config + "/convened.toml"))
        try main.seekToEnd()
        try main.write(
            contentsOf: Data(
                "\n[[officer]]\nid = \"send-lead\"\nname = \"Head of SEND\"\nemail = \"send.lead@example.org\"\n".utf8))
        try main.close()
        #expect(try unit.systemctl("start").status == 0)
        try clocked.waitUntilSettled()

        func convenectl(_ arguments: [String]) throws {
            let result = try ConvenectlOnlineTests.convenectl(arguments + ["--socket", unit.socketPath])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let (_, body) = try unit.request("GET", "/v1/schedule?from=2027-03-02&to=2027-03-02&series=check-in-09")
        let schedule = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let uid = try #require((schedule["occurrences"] as? [[String: Any]])?.first?["uid"] as? String)
        try convenectl(["raise", uid, "--forums", "forum-0,forum-1", "--title", "Letters arrive too late"])
        try convenectl(["action", "1", "--owner", "send-lead", "--due", "2027-03-20"])
        try convenectl(["raise", uid, "--forums", "forum-2", "--title", "No ramp at the library"])

        // The owner is reminded a week before the due date and the day after it; another
        // item is raised after a second meeting in between.
        let officer = unit.spool + "/_officers/send-lead"
        for (clock, count) in [("2027-03-13T10:00:00Z", 1), ("2027-03-21T10:00:00Z", 2)] {
            if count == 2 {
                let (_, body) = try unit.request("GET", "/v1/schedule?from=2027-03-12&to=2027-03-12&series=check-in-09")
                let day = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                let second = try #require((day["occurrences"] as? [[String: Any]])?.first?["uid"] as? String)
                try convenectl(["raise", second, "--forums", "forum-3", "--title", "Short breaks forms are too long"])
            }
            try clocked.setClock(clock)
            try SystemdUserManager.wait("\(count) reminders", timeout: .seconds(60)) {
                Self.files(officer, containing: "-send-lead-2027-03-20").count >= count
            }
        }

        // Each month's letters, the daemon killed in the middle of writing them.
        let forums = (0..<Self.forums).map { unit.spool + "/forum-\($0)" }
        let months: [(month: String, at: String, before: [String])] = [
            ("2027-04", "2027-04-01T09:00:00Z", []),
            ("2027-05", "2027-05-04T09:00:00Z", ["update", "1", "--status", "in_progress", "--note", "Letters go sooner"]),
            ("2027-06", "2027-06-01T09:00:00Z", ["update", "2", "--status", "wont_do", "--reason", "Listed building"]),
        ]
        var killedMidRound = 0
        for (index, month) in months.enumerated() {
            if !month.before.isEmpty { try convenectl(month.before) }
            let pid = unit.mainPID
            let mark = ".digest-"
            let folders = forums.map { $0 + (index == 1 ? "/new" : "/tmp") }
            let watching = DispatchQueue.global()
            let seen = DispatchSemaphore(value: 0)
            watching.async {
                if index == 2 {
                    usleep(UInt32.random(in: 0...30_000))
                } else {
                    _ = Self.waitForFile(containing: mark, in: folders, moved: index == 1, timeout: .seconds(30))
                }
                seen.signal()
            }
            try clocked.setClock(month.at)
            seen.wait()
            #expect(kill(pid, SIGKILL) == 0)
            let letters = forums.map { Self.files($0, containing: "\(mark)").filter { $0.contains(month.month) }.count }
            if letters.contains(0) { killedMidRound += 1 }
            try SystemdUserManager.wait("convened running again after the kill in \(month.month)", timeout: .seconds(60)) {
                let now = unit.mainPID
                return now != 0 && now != pid && (try? unit.property("SubState")) == "running"
            }
            try SystemdUserManager.wait("every forum's letter for \(month.month)", timeout: .seconds(60)) {
                forums.allSatisfy { !Self.files($0, containing: "digest-").filter { $0.contains(month.month) }.isEmpty }
            }
        }
        try clocked.waitUntilSettled()

        for (n, forum) in forums.enumerated() {
            for month in months.map(\.month) {
                let copies = Self.files(forum, containing: "digest-forum-\(n)-\(month)").count
                #expect(copies == 1, "forum-\(n): \(copies) letters for \(month)")
            }
            let drafts = (try? FileManager.default.contentsOfDirectory(atPath: forum + "/tmp")) ?? []
            #expect(drafts.filter { $0.contains("digest-") }.isEmpty, "forum-\(n): letters left in tmp/")
        }
        #expect(Self.files(officer, containing: "send-lead").count == 2, "each reminder once")
        let store = try Store.open(path: unit.state + "/ledger.sqlite")
        #expect(try store.recordMessagesPending().isEmpty)
        #expect(try store.recordMessagesSent().ids.count == 2 + 3 * Self.forums)
        print(
            "record kill test: 3 kills during the monthly letters to \(Self.forums) forums, \(killedMidRound) with letters still unwritten"
        )
    }
}
