import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// convened serves its control API on a socket handed to it by
/// `systemd-socket-activate` (descriptor 3, `$LISTEN_FDS`), the way a `.socket` unit
/// hands it one, and binds nothing of its own.
@Suite(.runsOnBlockingThreads) struct SocketActivationTests {
    @Test func theDaemonServesOnTheSocketItIsGiven() throws {
        let work = try TemporaryDirectory(prefix: "activate")
        try ServiceConfiguration.write(to: work.path + "/config", forums: 2)
        let listening = work.path + "/passed.sock"
        let own = work.path + "/own.sock"
        let activator = try SpawnedProcess(
            "/usr/bin/systemd-socket-activate",
            [
                "--listen=\(listening)", RepositoryPaths.executable("convened").path,
                "--config", work.path + "/config/convened.toml", "--state-dir", work.path + "/state",
                "--spool-dir", work.path + "/spool", "--socket", own, "--log-to", "stderr",
            ],
            logPath: work.path + "/output")
        defer { activator.stop() }
        // systemd-socket-activate listens before it waits for a connection; the daemon
        // starts on the first one.
        try SystemdUserManager.wait("the listening socket") { FileManager.default.fileExists(atPath: listening) }
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            ["-sS", "--max-time", "30", "--unix-socket", listening, "http://convened/v1/status"])
        #expect(result.status == 0, "\(result.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(status["forums"] as? Int == 2)
        #expect(status["state"] as? String == "running")
        #expect(!FileManager.default.fileExists(atPath: own), "no socket of its own when one is passed in")
        #expect(activator.output.contains("socket=fd 3 passed by systemd"), "\(activator.output)")
    }
}
