import Foundation
import Glibc

/// `convene-bench startup [--config FILE] [--daemon PATH] [--rounds N]`: starts `convened`
/// (the binary beside this one, or `--daemon`) on the configuration, with a fresh state and spool folder each
/// time, and measures the time from spawning it to its READY=1 on a notify socket
/// of our own (what systemd waits for), then its resident memory once idle.
struct StartupBenchmark {
    let options: Benchmark.Options

    func run() throws {
        let config = options.config ?? "config/convened.toml"
        let daemon =
            options.daemon
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("convened").path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("convene-startup-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let notify = try NotifySocket(path: work + "/notify")

        var readyMilliseconds: [Double] = []
        var residentMiB: [Double] = []
        var anonymousMiB: [Double] = []
        for round in 0..<options.rounds {
            let folder = work + "/run\(round)"
            let started = monotonicNanoseconds()
            let pid = try spawn(
                daemon,
                [
                    "--config", config, "--state-dir", folder + "/state", "--spool-dir", folder + "/spool",
                    "--socket", folder + "/control.sock", "--log-to", "stderr", "--log-level", "warning",
                ],
                environment: ["NOTIFY_SOCKET": notify.path])
            guard notify.waitFor("READY=1", timeoutSeconds: 30) else {
                kill(pid, SIGKILL)
                throw BenchmarkError("convened did not become ready in 30 s")
            }
            readyMilliseconds.append(Double(monotonicNanoseconds() - started) / 1e6)
            // Idle: the first round has written what was due; wait for it to settle.
            Thread.sleep(forTimeInterval: 2)
            residentMiB.append(memoryMiB("VmRSS", of: pid))
            anonymousMiB.append(memoryMiB("RssAnon", of: pid))
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        func summary(_ values: [Double], _ unit: String) -> String {
            let sorted = values.sorted()
            return String(
                format: "median %.1f %@, min %.1f, max %.1f", sorted[sorted.count / 2], unit, sorted[0],
                sorted[sorted.count - 1])
        }
        print("startup: \(daemon) on \(config), \(options.rounds) starts, fresh state each time")
        print("  exec to READY=1: " + summary(readyMilliseconds, "ms"))
        print("  idle RSS after start: " + summary(residentMiB, "MiB"))
        print(
            "    of which anonymous (heap, stacks): " + summary(anonymousMiB, "MiB")
                + "; the rest is pages of the binary and shared libraries")
    }

    func spawn(_ path: String, _ arguments: [String], environment extra: [String: String]) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LISTEN_FDS")
        environment.removeValue(forKey: "LISTEN_PID")
        environment.merge(extra) { _, new in new }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw BenchmarkError("cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }

    /// A `/proc/PID/status` memory line (`VmRSS`, `RssAnon`, …) in MiB.
    func memoryMiB(_ field: String, of pid: pid_t) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
            let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return kilobytes / 1024
    }
}

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard descriptor >= 0, bound == 0 else { throw BenchmarkError("cannot bind \(path)") }
    }

    deinit { close(descriptor) }

    /// Reads datagrams until one holds `assignment` as a line.
    func waitFor(_ assignment: String, timeoutSeconds: Int) -> Bool {
        let deadline = monotonicNanoseconds() + UInt64(timeoutSeconds) * 1_000_000_000
        var buffer = [UInt8](repeating: 0, count: 4096)
        while monotonicNanoseconds() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            if text.split(separator: "\n").contains(Substring(assignment)) { return true }
        }
        return false
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
