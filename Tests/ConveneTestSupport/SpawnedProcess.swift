import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running child started with posix_spawn and reaped with waitpid, with its
/// stdout and stderr in a file. For children that close all their descriptors or
/// exec another program (systemd-socket-activate does both): Foundation's `Process`
/// takes the closing of its status pipe for an exit and then blocks every other
/// `Process` in the test run in `wait4`.
public final class SpawnedProcess {
    public let pid: pid_t
    /// Where the child's stdout and stderr go.
    public let logPath: String
    private var reaped: Int32?

    public init(
        _ executable: String, _ arguments: [String], logPath: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        self.logPath = logPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw Subprocess.Failure.cannotStart(executable, underlying: String(cString: strerror(result)))
        }
        pid = child
    }

    /// Sends `signal` (SIGTERM by default) and waits for the exit; returns the wait status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if let reaped { return reaped }
        kill(pid, signal)
        return waitForExit()
    }

    /// Waits for the child to exit; returns the raw wait status.
    @discardableResult
    public func waitForExit() -> Int32 {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = status
        return status
    }

    /// What the child has printed so far.
    public var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}
