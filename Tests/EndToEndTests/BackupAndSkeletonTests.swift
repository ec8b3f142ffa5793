import ConveneTestSupport
import Foundation
import Testing

/// What a fresh installation and an admin's backups rest on: the skeleton the package
/// installs as /etc/convened/convened.toml (on which the daemon refuses to start, so that
/// installing sends nothing), and `convenectl backup` taken while the daemon runs.
@Suite(.runsOnBlockingThreads) struct BackupAndSkeletonTests {
    static let skeleton = RepositoryPaths.root.appendingPathComponent("packaging/convened.toml")

    static func run(_ program: String, _ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(RepositoryPaths.executable(program), arguments)
    }

    static func sqlite(_ file: String, _ sql: String) throws -> String {
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-readonly", file, sql])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    @Test func theDaemonRefusesTheSkeletonAndSaysWhatToDo() throws {
        let work = try TemporaryDirectory(prefix: "skeleton")
        let config = work.path + "/convened.toml"
        try FileManager.default.copyItem(atPath: Self.skeleton.path, toPath: config)

        let daemon = try Self.run(
            "convened",
            [
                "--config", config, "--state-dir", work.path + "/state", "--spool-dir", work.path + "/spool",
                "--socket", work.path + "/control.sock", "--log-to", "stderr",
            ])

        #expect(daemon.status == 78, "EX_CONFIG: \(daemon.stderr)")
        #expect(daemon.stderr.contains("error: no forums are configured yet: add a file for each forum in \(work.path)/forums/"))
        #expect(daemon.stderr.contains("configuration has 1 error; not starting"))
        #expect(!FileManager.default.fileExists(atPath: work.path + "/spool"), "nothing was written")

        // check-config checks the rest of it; --as-daemon says what the daemon would.
        let check = try Self.run("convenectl", ["check-config", "--config", config])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("\(config): OK: 0 forums, 0 meeting series, 0 venues, 1 files, 2 warnings\n"))
        let asDaemon = try Self.run("convenectl", ["check-config", "--as-daemon", "--config", config])
        #expect(asDaemon.status == 1)
        #expect(asDaemon.stderr.contains("\(config): error: no forums are configured yet"))
    }

    @Test func aBackupTakenWhileTheDaemonRunsIsTheLedgerAndTheDaemonGoesOn() throws {
        let daemon = try RunningDaemon(copying: RepositoryPaths.exampleConfig.deletingLastPathComponent())
        defer { daemon.stop() }
        let copy = daemon.work.path + "/ledger-copy.sqlite"

        let backup = try Self.run("convenectl", ["backup", "--state-dir", daemon.state, "--to", copy])

        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backed up \(daemon.ledgerPath) to \(copy) ("), "\(backup.stdout)")
        #expect(try Self.sqlite(copy, "PRAGMA quick_check") == "ok")
        #expect(try Self.sqlite(copy, "PRAGMA journal_mode") == "delete", "one file, with nothing beside it")
        let counted = "SELECT count(*) FROM notification"
        let rows = try Self.sqlite(copy, counted)
        #expect(Int(rows) ?? 0 > 0, "the example county's invitations are in it")
        let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // A second backup to the same name is refused, and the first is untouched.
        let again = try Self.run("convenectl", ["backup", "--state-dir", daemon.state, "--to", copy])
        #expect(again.status == 1)
        #expect(again.stderr == "convenectl: could not back up the ledger to \(copy): it exists; name a new file\n")
        #expect(try Self.sqlite(copy, counted) == rows)

        let status = try Self.run("convenectl", ["status", "--socket", daemon.socketPath])
        #expect(status.status == 0, "the daemon went on: \(status.stderr)")
    }

    @Test func aBackupOfAStateDirectoryWithNoLedgerSaysSo() throws {
        let work = try TemporaryDirectory(prefix: "backup")
        let result = try Self.run("convenectl", ["backup", "--state-dir", work.path, "--to", work.path + "/copy.sqlite"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "convenectl: could not back up the ledger to \(work.path)/copy.sqlite: "
                + "there is no ledger at \(work.path)/ledger.sqlite\n")
    }
}
