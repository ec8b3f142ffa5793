import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Security checks of the real daemon (issue 7): the modes and owners of everything it
/// writes (`FileModes`), that no configuration (`ConfigurationPaths`) or request
/// (`RequestPaths`) can make it write outside its spool, and that the journal carries
/// no contact's name or address above debug level (`Journal`). That peers outside the
/// admin group may read but not change is `ControlAPITests`'
/// `aPeerOutsideTheAdminGroupMayReadButNotChangeAndIsAudited`; the unit's
/// `systemd-analyze security` exposure is `UnitFileTests`'.
@Suite(.runsOnBlockingThreads) struct SecurityTests {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every path under `root` (relative, sorted, folders with a trailing "/"), for
    /// showing that nothing appeared that should not have.
    static func tree(_ root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { continue }
            paths.append((info.st_mode & S_IFMT) == S_IFDIR ? path + "/" : path)
        }
        return paths.sorted()
    }

    /// `lstat`, failing the test when the path is missing.
    static func status(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> stat {
        var info = stat()
        try #require(
            lstat(path, &info) == 0, "\(path): \(String(cString: strerror(errno)))",
            sourceLocation: sourceLocation)
        return info
    }

    /// Waits for a child started with `SpawnedProcess` to exit (at most `timeout`, then
    /// SIGKILL: a daemon that should have refused to start must not hang the run) and
    /// returns its exit code, or nil if a signal ended it.
    static func exitCode(of process: SpawnedProcess, timeout: Duration = .seconds(30)) -> Int32? {
        if (try? RunningDaemon.wait(
            for: "the process to exit", timeout: timeout,
            until: {
                !RunningDaemon.isRunning(process.pid)
            })) == nil
        {
            kill(process.pid, SIGKILL)
        }
        let status = process.waitForExit()
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }

    /// `curl --unix-socket` with curl's own options (`--path-as-is`, a body), as the
    /// test's own user: the HTTP status and the body.
    static func curl(
        _ socket: String, _ method: String, _ path: String, body: String? = nil,
        options: [String] = []
    ) throws -> RunningDaemon.Reply {
        var arguments = ["-sS", "--max-time", "20", "-X", method, "-w", "\n%{http_code}", "--unix-socket", socket] + options
        if let body { arguments += ["-H", "Content-Type: application/json", "-H", "Expect:", "--data-binary", body] }
        arguments.append("http://convened" + path)
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n") else {
            throw SecurityTests.Failure(description: "\(method) \(path): curl exit \(result.status): \(result.stderr)")
        }
        return RunningDaemon.Reply(
            status: Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0,
            body: String(result.stdout[..<newline]))
    }
}
