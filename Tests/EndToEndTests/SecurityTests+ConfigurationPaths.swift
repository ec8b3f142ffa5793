import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension SecurityTests {
    /// Forum ids name spool folders and series ids go into UIDs, so no configuration may
    /// hold an id that could leave the spool or pass for another: each bad id, in each
    /// place an id is given, is refused by `convenectl check-config`, by the daemon at
    /// start (exit 78) and at reload (the old configuration kept), naming the file and
    /// what is wrong, and nothing is written anywhere.
    @Suite struct ConfigurationPaths {
        @Test(arguments: ConfigurationCase.all)
        func aBadIdIsRefusedByCheckConfigAndAtStartAndNothingIsWritten(_ bad: ConfigurationCase) throws {
            // The spool's parent: "../escape" from the spool would land here.
            let root = try TemporaryDirectory(prefix: "bad-id")
            try ServiceConfiguration.write(to: root.path + "/config", forums: 2)
            let (file, says) = try bad.write(into: root.path + "/config")
            let before = SecurityTests.tree(root.path)
            let main = root.path + "/config/convened.toml"
            try #require(!FileManager.default.fileExists(atPath: "/etc/x"))

            let check = try Subprocess.run(RepositoryPaths.executable("convenectl"), ["check-config", "--config", main])
            #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
            #expect(SecurityTests.refuses(check.stderr, file: file, says: says), "\(check.stderr)")

            let logs = try TemporaryDirectory(prefix: "bad-id-log")
            let daemon = try SpawnedProcess(
                RepositoryPaths.executable("convened").path,
                [
                    "--config", main, "--state-dir", root.path + "/state", "--spool-dir", root.path + "/spool",
                    "--socket", root.path + "/run/control.sock", "--log-to", "stderr",
                ],
                logPath: logs.path + "/convened.log")
            #expect(SecurityTests.exitCode(of: daemon) == 78, "\(daemon.output)")
            #expect(SecurityTests.refuses(daemon.output, file: file, says: says), "\(daemon.output)")
            #expect(daemon.output.contains("not starting"), "\(daemon.output)")

            #expect(SecurityTests.tree(root.path) == before, "nothing made: no state, no spool, no escape")
            #expect(!FileManager.default.fileExists(atPath: "/etc/x"))
        }

        @Test func aReloadWithABadIdKeepsTheOldConfigurationAndWritesNothing() throws {
            let daemon = try RunningDaemon()
            defer { daemon.stop() }
            let forums = Set(try FileManager.default.contentsOfDirectory(atPath: daemon.spool))
            #expect(forums == ["forum-0", "forum-1"])
            for bad in ConfigurationCase.all {
                try FileManager.default.removeItem(atPath: daemon.config)
                try ServiceConfiguration.write(to: daemon.config, forums: 2)
                let (file, says) = try bad.write(into: daemon.config)
                let before = Self.outsideTheDaemonsFiles(daemon)

                let reply = try daemon.request("POST", "/v1/reload")
                #expect(reply.status == 400, "\(bad.testDescription): \(reply)")
                #expect(reply.object["reloaded"] as? Bool == false, "\(bad.testDescription): \(reply)")
                let errors = (reply.object["errors"] as? [String] ?? []).joined(separator: "\n")
                #expect(SecurityTests.refuses(errors, file: file, says: says), "\(bad.testDescription): \(errors)")
                let status = try daemon.json("GET", "/v1/status")
                #expect(
                    status["forums"] as? Int == 2 && status["series"] as? Int == 1, "\(bad.testDescription): still the old one")

                #expect(Self.outsideTheDaemonsFiles(daemon) == before, "\(bad.testDescription)")
                #expect(
                    Set(try FileManager.default.contentsOfDirectory(atPath: daemon.spool)) == forums,
                    "\(bad.testDescription): no new folder in the spool")
            }
            #expect(!FileManager.default.fileExists(atPath: "/etc/x"))
            #expect(daemon.isRunning)
        }

        /// The test folder without the ledger files and the forums' Maildirs, which the
        /// running daemon may legitimately change.
        static func outsideTheDaemonsFiles(_ daemon: RunningDaemon) -> [String] {
            SecurityTests.tree(daemon.work.path).filter { path in
                !(path.hasPrefix("state/") || path.hasPrefix("spool/forum-0/") || path.hasPrefix("spool/forum-1/"))
            }
        }
    }
}
