import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// convened as a real systemd service: the shipped unit in a systemd user manager,
/// logging to a real systemd-journald, read back with `journalctl -o json`.
@Suite(.serialized, .runsOnBlockingThreads) struct ServiceTests {
    /// Message ids from systemd/convened.catalog.
    static let started = "dc43d382142c4c13aa31ab70d5c51cab"
    static let configLoaded = "56ad0b5b7c94479e91460672fa854559"
    static let reloadFailed = "c0a00b7d48c74cec8a566ebbf0fc28f4"
    static let notificationWritten = "60bea676bcf046a19dc31d58d384baee"

    /// A unit with a test configuration of `forums` forums, not yet started.
    static func unit(forums: Int = 3, dropIn: String = "", socketActivated: Bool = false) throws -> UserUnit {
        try SystemdUserManager.require()
        let unit = try UserUnit(dropIn: dropIn, socketActivated: socketActivated)
        try ServiceConfiguration.write(to: unit.config, forums: forums)
        return unit
    }

    @Test func startReturnsOnlyOnceReadyAndTheStatusLineShows() throws {
        let unit = try Self.unit()
        defer { unit.remove() }
        let start = try unit.systemctl("start")
        #expect(start.status == 0, "\(start.stderr)")
        // READY=1 comes after the socket is bound, so it answers at once.
        let status = try unit.status()
        #expect(status["state"] as? String == "running")
        #expect(status["forums"] as? Int == 3)
        #expect(try unit.property("ActiveState") == "active")
        // READY=1 says "planning"; the first round, which follows at once, names what is next.
        try SystemdUserManager.wait("the first round's status line") {
            try unit.property("StatusText").hasPrefix("3 forums, 1 series; next: ")
        }
        #expect(try !unit.journal(["MESSAGE_ID=\(Self.started)"]).isEmpty, "the started entry precedes READY=1")
    }

    @Test func theJournalHasStructuredFieldsAndMessageIDs() throws {
        let unit = try Self.unit()
        defer { unit.remove() }
        try unit.systemctl("start")
        try SystemdUserManager.wait("notification-written entries") {
            try !unit.journal(["MESSAGE_ID=\(Self.notificationWritten)"]).isEmpty
        }
        let written = try #require(try unit.journal(["MESSAGE_ID=\(Self.notificationWritten)"]).first)
        #expect(written["FORUM_ID"]?.hasPrefix("forum-") == true)
        #expect(written["NOTIFICATION_ID"]?.hasPrefix("invitation-") == true)
        #expect(written["OCCURRENCE_UID"]?.hasSuffix("@example.org") == true)
        #expect(written["MEETING_ID"] == "daily")
        #expect(written["KIND"] == "invitation")
        #expect(written["PRIORITY"] == "6")
        #expect(written["SYSLOG_IDENTIFIER"] == "convened")
        #expect(written["CODE_FILE"]?.hasSuffix(".swift") == true)
        #expect(Int(written["CODE_LINE"] ?? "") != nil)
        #expect(written["CODE_FUNC"]?.isEmpty == false)
        #expect(written["MESSAGE"]?.hasPrefix("invitation written: ") == true)
        #expect(written["MESSAGE"]?.contains("forum-") == false, "the forum is in FORUM_ID, not repeated")

        let loaded = try #require(try unit.journal(["MESSAGE_ID=\(Self.configLoaded)"]).first)
        #expect(loaded["CONFIG_FILE"] == unit.config + "/convened.toml")
        #expect(loaded["FORUMS"] == "3")
        #expect(loaded["PRIORITY"] == "5")
        #expect(try unit.journal(["MESSAGE_ID=\(Self.started)"]).count == 1)
    }

    @Test func aReloadWithABrokenConfigurationKeepsTheOldOneAndLogsEachError() throws {
        let unit = try Self.unit()
        defer { unit.remove() }
        try unit.systemctl("start")
        let pid = unit.mainPID
        try ServiceConfiguration.brokenSeries.write(
            toFile: unit.config + "/meetings/broken.toml", atomically: true,
            encoding: .utf8)
        // The reload job fails, so the admin hears of it; the service keeps running.
        let reload = try unit.systemctl("reload")
        #expect(reload.status != 0)
        #expect(reload.stderr.contains("Job for \(unit.service) failed"), "\(reload.stderr)")
        try SystemdUserManager.wait("reload-failed entries") {
            try unit.journal(["MESSAGE_ID=\(Self.reloadFailed)"]).count >= 2
        }
        let failures = try unit.journal(["MESSAGE_ID=\(Self.reloadFailed)"])
        let error = try #require(failures.first { $0["CONFIG_LINE"] != nil })
        #expect(error["CONFIG_FILE"] == unit.config + "/meetings/broken.toml")
        #expect(error["CONFIG_LINE"] == "2")
        #expect(error["CONFIG_COLUMN"] == "13")
        #expect(error["MESSAGE"]?.contains("broken.toml:2:13: error: rrule: ") == true)
        #expect(error["PRIORITY"] == "3")
        #expect(failures.contains { $0["MESSAGE"]?.contains("still running the configuration loaded at") == true })
        try SystemdUserManager.wait("convenectl's answer in the service's journal") {
            try unit.journal().contains {
                $0["MESSAGE"] == "convenectl: not reloaded: 1 error; the daemon keeps its configuration"
            }
        }

        try SystemdUserManager.wait("READY=1 after the reload") { try unit.property("SubState") == "running" }
        #expect(try unit.property("ActiveState") == "active")
        #expect(unit.mainPID == pid)
        let status = try unit.status()
        #expect(status["series"] as? Int == 1, "still the old configuration")
        #expect((status["last_error"] as? String)?.hasPrefix("reload failed: 1 error") == true)
    }

    @Test func aValidReloadTakesEffect() throws {
        let unit = try Self.unit()
        defer { unit.remove() }
        try unit.systemctl("start")
        #expect(try unit.status()["series"] as? Int == 1)
        try ServiceConfiguration.series("weekly", rule: "FREQ=WEEKLY", start: "22:00")
            .write(toFile: unit.config + "/meetings/weekly.toml", atomically: true, encoding: .utf8)
        #expect(try unit.systemctl("reload").status == 0)
        try SystemdUserManager.wait("the new series in the status") { try unit.status()["series"] as? Int == 2 }
        try SystemdUserManager.wait("invitations for the new series") {
            try unit.journal(["MESSAGE_ID=\(Self.notificationWritten)", "MEETING_ID=weekly"]).count >= 3
        }
        #expect(try unit.journal(["MESSAGE_ID=\(Self.configLoaded)"]).count == 2)
    }

    @Test func aKilledDaemonIsRestartedAndFinishesItsNotificationsExactlyOnce() throws {
        let unit = try Self.unit(forums: 60)
        defer { unit.remove() }
        try unit.systemctl("start")
        let first = unit.mainPID
        try SystemdUserManager.wait("the first notifications") {
            try !unit.journal(["MESSAGE_ID=\(Self.notificationWritten)"]).isEmpty
        }
        #expect(kill(first, SIGKILL) == 0)
        try SystemdUserManager.wait("a restart") {
            let pid = unit.mainPID
            let running = try unit.property("SubState") == "running"
            return pid != 0 && pid != first && running
        }
        #expect(try unit.property("NRestarts") == "1")
        try SystemdUserManager.wait("every due notification written", timeout: .seconds(120)) {
            let status = try unit.status()
            let ledger = try Self.ledger(unit)
            return status["spool_backlog"] as? Int == 0 && ledger.pending == 0 && ledger.done > 0
                && status["next_notification"] is [String: Any]
        }
        try Self.expectExactlyOnce(unit)
    }

    @Test func aHungDaemonIsKilledByTheWatchdogAndRestarted() throws {
        let unit = try Self.unit(dropIn: "WatchdogSec=2s\nEnvironment=CONVENE_DEBUG_STALL=1")
        defer { unit.remove() }
        try unit.systemctl("start")
        let first = unit.mainPID
        var results: Set<String> = []
        try SystemdUserManager.wait("the watchdog to kill and restart it") {
            results.insert(try unit.property("Result"))
            let pid = unit.mainPID
            return pid != 0 && pid != first
        }
        #expect(results.contains("watchdog"), "Result went through: \(results)")
        #expect(try !unit.journal(["_PID=\(first)", "PRIORITY=2"]).isEmpty, "the stalled daemon said it would stall")
    }

    @Test func stopExitsCleanlyWithNothingHalfWritten() throws {
        let unit = try Self.unit(forums: 60)
        defer { unit.remove() }
        try unit.systemctl("start")
        try SystemdUserManager.wait("the first notifications") {
            try !unit.journal(["MESSAGE_ID=\(Self.notificationWritten)"]).isEmpty
        }
        let pid = unit.mainPID
        #expect(try unit.systemctl("stop").status == 0)
        #expect(try unit.property("Result") == "success")
        #expect(try unit.property("ExecMainStatus") == "0")
        #expect(try !unit.journal(["_PID=\(pid)", "MESSAGE=stopping: finishing the writes in progress"]).isEmpty)
        let ledger = try Self.ledger(unit)
        #expect(ledger.pending == 0, "every committed notification was moved into new/ before exit")
        for forum in try FileManager.default.contentsOfDirectory(atPath: unit.spool) {
            #expect(try FileManager.default.contentsOfDirectory(atPath: unit.spool + "/\(forum)/tmp").isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: unit.socketPath), "its own socket is removed")
        try Self.expectExactlyOnce(unit, complete: false)
    }

    @Test func theSocketUnitStartsTheServiceOnTheFirstRequest() throws {
        let unit = try Self.unit(socketActivated: true)
        defer { unit.remove() }
        #expect(try unit.systemctl("start", unit.socketUnit).status == 0)
        #expect(try unit.property("ActiveState") == "inactive")
        let activated = unit.folder + "/activated.sock"
        let (code, body) = try unit.request("GET", "/v1/status", socket: activated)
        #expect(code == 200, "\(body)")
        #expect(body.contains("\"forums\":3"))
        #expect(try unit.property("ActiveState") == "active")
        #expect(!FileManager.default.fileExists(atPath: unit.socketPath), "it did not bind a socket of its own")
        #expect(try unit.journal(["MESSAGE_ID=\(Self.started)"]).first?["SOCKET"] == "fd 3 passed by systemd")
    }

    // MARK: - The ledger and the spool

    /// Rows done and rows committed but not done.
    static func ledger(_ unit: UserUnit) throws -> (done: Int, pending: Int) {
        let store = try Store.open(path: unit.state + "/ledger.sqlite")
        let pending = try store.committedNotDone().count
        return (try store.notifications().filter { $0.writtenAt != nil }.count - pending, pending)
    }

    /// Every notification the ledger says was written is in its forum's new/ exactly
    /// once, and nothing else is; with `complete`, every forum has had the same
    /// messages (a stop may end a round between two batches, leaving the rest for the
    /// next start).
    static func expectExactlyOnce(_ unit: UserUnit, complete: Bool = true) throws {
        let store = try Store.open(path: unit.state + "/ledger.sqlite")
        let written = try store.notifications().filter { $0.writtenAt != nil }
        var seen: [String: Int] = [:]
        for forum in try FileManager.default.contentsOfDirectory(atPath: unit.spool) {
            for file in try FileManager.default.contentsOfDirectory(atPath: unit.spool + "/\(forum)/new") {
                let id = file.split(separator: ".")[1]
                seen["\(forum)/\(id)", default: 0] += 1
            }
        }
        #expect(!written.isEmpty)
        #expect(seen.values.allSatisfy { $0 == 1 }, "duplicates: \(seen.filter { $0.value > 1 }.keys.sorted())")
        #expect(Set(seen.keys) == Set(written.map { "\($0.forum)/\($0.id)" }))
        // Every forum is invited to every meeting, so each has the same messages.
        let perForum = Dictionary(grouping: written, by: \.forum).mapValues(\.count)
        #expect(!complete || Set(perForum.values).count == 1, "messages per forum differ: \(perForum)")
    }
}
