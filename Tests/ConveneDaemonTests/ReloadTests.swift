import ConveneServer
import ConveneSpool
import ConveneStore
import ConveneSystemd
import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneDaemon

/// A reload swaps in a valid configuration, and keeps the running one when the new
/// one has errors, logging each error with its file and position.
@Suite struct ReloadTests {
    struct Harness {
        let work: TemporaryDirectory
        let daemon: Daemon
        let log = LogRecord()

        init() throws {
            work = try TemporaryDirectory(prefix: "reload")
            try ServiceConfiguration.write(to: work.path + "/config", forums: 2)
            let options = DaemonOptions(
                configFile: work.path + "/config/convened.toml", stateDirectory: work.path,
                spoolDirectory: work.path + "/spool", socketPath: work.path + "/control.sock")
            let (loaded, result) = Daemon.load(options.configFile, at: 0)
            guard let loaded else { throw Failure(result.errors.map(\.description).joined(separator: "\n")) }
            daemon = try Daemon(
                options: options, loaded: loaded, store: try Store.inMemory(),
                spool: MaildirSpool(root: options.spoolDirectory), timer: try WallClockTimer(),
                logger: log.logger(), notifier: ServiceNotifier(enabled: false),
                clock: { Int(Date().timeIntervalSince1970) })
        }

        func write(_ text: String, to file: String) throws {
            try text.write(toFile: work.path + "/config/" + file, atomically: true, encoding: .utf8)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func aValidConfigurationIsSwappedIn() async throws {
        let harness = try Harness()
        try harness.write(ServiceConfiguration.series("weekly", rule: "FREQ=WEEKLY", start: "22:00"), to: "meetings/weekly.toml")
        let outcome = await harness.daemon.reload()
        #expect(outcome == .init(reloaded: true, errors: [], warnings: []))
        #expect(await harness.daemon.status().series == 2)
        #expect(harness.log.entries(withMessageID: CataloguedEvent.configLoaded.messageID).count == 1)
    }

    @Test func aBrokenConfigurationIsRefusedAndEachErrorLoggedWithItsPlace() async throws {
        let harness = try Harness()
        try harness.write(ServiceConfiguration.brokenSeries, to: "meetings/broken.toml")
        try harness.write(
            "name = \"Forum X\"\ndistrict = \"nowhere\"\ncontacts = [{ name = \"S\", email = \"x@example.org\" }]\n",
            to: "forums/forum-x.toml")
        let outcome = await harness.daemon.reload()
        #expect(!outcome.reloaded)
        #expect(outcome.errors.count == 2)
        let status = await harness.daemon.status()
        #expect(status.series == 1 && status.forums == 2, "the old configuration still runs")
        #expect(status.state == "starting", "a reload does not change the daemon's state")
        #expect(status.lastError?.hasPrefix("reload failed: 2 errors in the configuration") == true)
        await harness.daemon.round()
        #expect(
            await harness.daemon.status().lastError?.hasPrefix("reload failed: 2 errors") == true,
            "a round that writes without trouble leaves a failed reload standing")
        let logged = harness.log.entries(withMessageID: CataloguedEvent.reloadFailed.messageID)
        let placed = logged.filter { $0.metadata["config.line"] != nil }
        #expect(placed.count == 2)
        #expect(placed.allSatisfy { $0.level == .error && $0.metadata["config.file"]?.hasSuffix(".toml") == true })
        #expect(
            placed.contains {
                $0.metadata["config.file"]?.hasSuffix("meetings/broken.toml") == true
                    && $0.metadata["config.line"] == "2" && $0.metadata["config.column"] == "13"
            })

        // Fixing the files and reloading again clears the error.
        try FileManager.default.removeItem(atPath: harness.work.path + "/config/meetings/broken.toml")
        try FileManager.default.removeItem(atPath: harness.work.path + "/config/forums/forum-x.toml")
        #expect(await harness.daemon.reload().reloaded)
        #expect(await harness.daemon.status().lastError == nil)
    }

    /// `systemctl reload` asks as the daemon's own user (ExecReload= runs `convenectl
    /// reload` in the unit), so that user may reload; a stranger may do neither.
    @Test func theDaemonsOwnUserMayReloadAndAStrangerMayNot() async throws {
        let harness = try Harness()
        let own = Peer(pid: 1, uid: geteuid(), gid: 54_321)
        let stranger = Peer(pid: 1, uid: 54_321, gid: 54_321)
        let control = DaemonControl(daemon: harness.daemon, board: harness.daemon.board)
        #expect(await control.mayReload(own))
        #expect(await !control.mayReload(stranger))
        #expect(await !control.mayChange(stranger))
    }
}
