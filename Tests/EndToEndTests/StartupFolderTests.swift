import ConveneTestSupport
import Foundation
import Testing

/// The daemon makes its state, spool and socket folders itself (`mkdir -p`, mode 0750),
/// and when it cannot, it says which folder and why in the system's words, and exits 71
/// (EX_OSERR) without writing anything.
@Suite(.runsOnBlockingThreads) struct StartupFolderTests {
    @Test func missingFoldersAreMadeWithMode0750() throws {
        let daemon = try RunningDaemon(forums: 1)
        defer { daemon.stop() }
        for folder in ["state", "spool"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: daemon.work.path + "/" + folder)
            #expect(attributes[.type] as? FileAttributeType == .typeDirectory, "\(folder)")
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            #expect(mode & 0o027 == 0, "\(folder) is \(String(mode, radix: 8)): no more than 0750")
        }
    }

    @Test func aFileWhereAFolderShouldBeIsNamedWithTheReason() throws {
        let root = try TemporaryDirectory(prefix: "startup-folders")
        try ServiceConfiguration.write(to: root.path + "/config", forums: 1)
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: root.path + "/blocked"))
        let logs = try TemporaryDirectory(prefix: "startup-folders-log")
        let daemon = try SpawnedProcess(
            RepositoryPaths.executable("convened").path,
            [
                "--config", root.path + "/config/convened.toml", "--state-dir", root.path + "/blocked/state",
                "--spool-dir", root.path + "/spool", "--socket", root.path + "/run/control.sock", "--log-to", "stderr",
            ],
            logPath: logs.path + "/convened.log")
        #expect(SecurityTests.exitCode(of: daemon) == 71, "\(daemon.output)")
        #expect(
            daemon.output.contains("cannot create the folder \(root.path)/blocked: a file of that name is in the way"),
            "\(daemon.output)")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/spool"), "nothing made after the failure")
    }
}
