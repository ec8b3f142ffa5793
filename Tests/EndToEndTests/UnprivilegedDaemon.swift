import ConveneTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `convened` started by hand as another account (`setpriv`) with a given
/// umask, outside systemd: no `User=`, no `UMask=0027`, nothing but the daemon's own
/// care to protect what it writes. Its state, spool and socket folder are made by the
/// daemon itself inside `home`, a folder the account owns; the configuration is the
/// test one (`ServiceConfiguration`), readable by everyone.
final class UnprivilegedDaemon {
    let account: RunningDaemon.Account
    /// Holds the configuration and the daemon's log; owned by the test.
    let work: TemporaryDirectory
    /// Owned by the account, mode 0755: what the daemon makes in it must protect itself.
    /// Under /tmp and short, for the socket's `sun_path`.
    let home: String
    let process: SpawnedProcess
    private var exitCode: Int32??

    var state: String { home + "/state" }
    var spool: String { home + "/spool" }
    var socketFolder: String { home + "/run" }
    var socketPath: String { socketFolder + "/control.sock" }
    var ledgerPath: String { state + "/ledger.sqlite" }

    /// Starts the daemon with `forums` forums and returns once its first round is done
    /// (the status names the next notification).
    init(as account: RunningDaemon.Account, umask mask: String, forums: Int = 2) throws {
        self.account = account
        work = try TemporaryDirectory(prefix: "unprivileged")
        try ServiceConfiguration.write(to: work.path + "/config", forums: forums)
        // The daemon runs from a copy here: the build folder may be where the account
        // cannot reach it (a clone under /root, mode 0700).
        let binary = work.path + "/convened"
        try ExecutableFile.copy(RepositoryPaths.executable("convened").resolvingSymlinksInPath().path, to: binary)
        // Readable by the account whatever the test runner's own umask.
        let work = self.work
        for path in [work.path] + SecurityTests.tree(work.path).map({ work.path + "/" + $0 }) {
            chmod(path, path.hasSuffix(".toml") ? 0o644 : 0o755)
        }
        var template = Array("/tmp/cvs-XXXXXX".utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SecurityTests.Failure(description: "mkdtemp: \(String(cString: strerror(errno)))")
        }
        home = String(cString: folder)
        guard chown(home, account.uid, account.gid) == 0, chmod(home, 0o755) == 0 else {
            try? FileManager.default.removeItem(atPath: home)
            throw SecurityTests.Failure(
                description: "cannot give \(home) to uid \(account.uid): \(String(cString: strerror(errno)))")
        }
        let daemon = [
            binary,
            "--config", work.path + "/config/convened.toml", "--state-dir", home + "/state",
            "--spool-dir", home + "/spool", "--socket", home + "/run/control.sock", "--log-to", "stderr",
        ]
        // The shell sets the umask and then becomes the daemon.
        let command = account.wrap(["/bin/sh", "-c", "umask \(mask) && exec \"$@\"", "sh"] + daemon)
        do {
            process = try SpawnedProcess(
                command[0], Array(command.dropFirst()), logPath: work.path + "/convened.log",
                environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        } catch {
            try? FileManager.default.removeItem(atPath: home)
            throw error
        }
        do {
            try RunningDaemon.wait(for: "convened to finish its first round", timeout: .seconds(60)) {
                guard RunningDaemon.isRunning(process.pid) else {
                    throw SecurityTests.Failure(description: "convened exited during startup:\n\(process.output)")
                }
                guard FileManager.default.fileExists(atPath: socketPath),
                    let reply = try? SecurityTests.curl(socketPath, "GET", "/v1/status"), reply.status == 200
                else { return false }
                return reply.object["next_notification"] is [String: Any]
            }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// SIGTERM, then SIGKILL if it has not exited within 40 s; removes `home`. Returns
    /// the exit code (nil when a signal ended it).
    @discardableResult
    func stop() -> Int32? {
        if let exitCode { return exitCode }
        defer { try? FileManager.default.removeItem(atPath: home) }
        kill(process.pid, SIGTERM)
        let code = SecurityTests.exitCode(of: process, timeout: .seconds(40))
        exitCode = code
        return code
    }
}
