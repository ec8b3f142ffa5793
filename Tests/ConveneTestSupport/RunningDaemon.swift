import ConveneCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `convened`, started by hand on a fresh test folder with its own control
/// socket, and ready once its first work round is done: the invitations that were due
/// at start are in the spool and the status names the next notification.
public final class RunningDaemon {
    /// Someone who is not root, for requests that must meet the daemon's peer check.
    public struct Account: Sendable {
        public let uid: UInt32
        public let gid: UInt32

        /// `nobody`/`nogroup`, present on every Debian-like system.
        public static let nobody = Account(uid: 65_534, gid: 65_534)

        /// `setpriv` switching to this account with no supplementary groups, then `command`.
        public func wrap(_ command: [String]) -> [String] {
            ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups"] + command
        }
    }

    /// One HTTP answer from the control socket.
    public struct Reply: CustomStringConvertible {
        public let status: Int
        public let body: String

        public init(status: Int, body: String) {
            self.status = status
            self.body = body
        }

        /// The body as a JSON object; empty when it is not one.
        public var object: [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]) ?? [:]
        }

        /// `error.code` of an error document.
        public var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }

        public var description: String { "\(status) \(body)" }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Holds `config/`, `state/` and `spool/`.
    public let work: TemporaryDirectory
    /// A short folder for the socket (`sun_path` holds 107 bytes at most).
    public let socketFolder: String
    let process: SpawnedProcess
    /// The wait status once reaped; after that the pid may belong to someone else.
    private var exitStatus: Int32?

    public var socketPath: String { socketFolder + "/control.sock" }
    public var config: String { work.path + "/config" }
    public var state: String { work.path + "/state" }
    public var spool: String { work.path + "/spool" }
    public var ledgerPath: String { state + "/ledger.sqlite" }
    /// Everything the daemon has logged so far (it logs to stderr).
    public var output: String { process.output }

    /// Starts the daemon with `forums` forums (see `ServiceConfiguration`) and
    /// `extraConfiguration` appended to `convened.toml`; returns once it is ready.
    /// With `copying`, the configuration is a copy of that folder instead (the shipped
    /// example, say), and `forums` is unused.
    public init(
        forums: Int = 2, extraConfiguration: String = "", copying configuration: URL? = nil,
        environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) throws {
        work = try TemporaryDirectory(prefix: "daemon")
        if let configuration {
            try FileManager.default.copyItem(at: configuration, to: URL(fileURLWithPath: work.path + "/config"))
        } else {
            try ServiceConfiguration.write(to: work.path + "/config", forums: forums)
        }
        if !extraConfiguration.isEmpty {
            let main = try FileHandle(forWritingTo: URL(fileURLWithPath: work.path + "/config/convened.toml"))
            try main.seekToEnd()
            try main.write(contentsOf: Data(("\n" + extraConfiguration + "\n").utf8))
            try main.close()
        }
        var template = Array("/tmp/cv-XXXXXX".utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure(description: "mkdtemp: \(String(cString: strerror(errno)))")
        }
        socketFolder = String(cString: folder)
        // Others may reach the socket; whether they can open it is the socket's mode.
        chmod(socketFolder, 0o755)
        do {
            process = try SpawnedProcess(
                RepositoryPaths.executable("convened").path,
                [
                    "--config", work.path + "/config/convened.toml", "--state-dir", work.path + "/state",
                    "--spool-dir", work.path + "/spool", "--socket", socketFolder + "/control.sock", "--log-to", "stderr",
                ],
                logPath: work.path + "/convened.log",
                environment: ProcessInfo.processInfo.environment.merging(environment) { _, chosen in chosen })
        } catch {
            try? FileManager.default.removeItem(atPath: socketFolder)
            throw error
        }
        do {
            try waitUntilReady(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// Polls `GET /v1/status` until it answers with a next notification: the first
    /// round has run. Fails at once if the daemon exits.
    private func waitUntilReady(timeout: Duration) throws {
        try Self.wait(for: "convened to finish its first round", timeout: timeout) {
            guard isRunning else { throw Failure(description: "convened exited during startup:\n\(output)") }
            guard FileManager.default.fileExists(atPath: socketPath),
                let reply = try? request("GET", "/v1/status", maxTime: 5), reply.status == 200
            else { return false }
            return reply.object["next_notification"] is [String: Any]
        }
    }

    /// Whether the daemon has not exited (a zombie counts as exited).
    public var isRunning: Bool { exitStatus == nil && Self.isRunning(process.pid) }

    /// Whether a child of ours has not exited yet (a zombie has).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// SIGTERM, then SIGKILL if it has not exited within `timeout`; returns the wait status.
    /// Removes the socket folder.
    @discardableResult
    public func stop(timeout: Duration = .seconds(40)) -> Int32 {
        defer { try? FileManager.default.removeItem(atPath: socketFolder) }
        if let exitStatus { return exitStatus }
        if isRunning {
            kill(process.pid, SIGTERM)
            if (try? Self.wait(for: "convened to stop", timeout: timeout, until: { !isRunning })) == nil {
                kill(process.pid, SIGKILL)
            }
        }
        let status = process.waitForExit()
        exitStatus = status
        return status
    }

    /// `curl --unix-socket` against the control API, as root or as `account`.
    public func request(
        _ method: String = "GET", _ path: String, body: String? = nil, bodyFile: String? = nil,
        as account: Account? = nil, maxTime: Int = 20
    ) throws -> Reply {
        var arguments = [
            "/usr/bin/curl", "-sS", "--max-time", "\(maxTime)", "-X", method, "-w", "\n%{http_code}",
            "--unix-socket", socketPath,
        ]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        if let bodyFile {
            // No `Expect: 100-continue`: the server never answers it, and curl would wait a second.
            arguments += ["-H", "Content-Type: application/json", "-H", "Expect:", "--data-binary", "@" + bodyFile]
        }
        arguments.append("http://convened" + path)
        if let account { arguments = account.wrap(arguments) }
        let result = try Subprocess.run(URL(fileURLWithPath: arguments[0]), Array(arguments.dropFirst()))
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n") else {
            throw Failure(description: "\(method) \(path): curl exit \(result.status): \(result.stderr)")
        }
        return Reply(
            status: Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0,
            body: String(result.stdout[..<newline]))
    }

    /// `request`, failing unless the answer is 200; the body as a JSON object.
    public func json(_ method: String = "GET", _ path: String, body: String? = nil) throws -> [String: Any] {
        let reply = try request(method, path, body: body)
        guard reply.status == 200 else { throw Failure(description: "\(method) \(path): \(reply)") }
        return reply.object
    }

    /// The message files in `forum`'s `new/` folder.
    public func messages(for forum: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool + "/\(forum)/new")) ?? []).sorted()
    }

    /// A message file's text.
    public func message(_ name: String, for forum: String) throws -> String {
        try String(contentsOfFile: spool + "/\(forum)/new/" + name, encoding: .utf8)
    }

    /// Polls `condition` until it holds or `timeout` passes, for what the daemon does
    /// after answering (its work loop writes changes on its next wake).
    public static func wait(for what: String, timeout: Duration = .seconds(30), until condition: () throws -> Bool) throws {
        try SystemdUserManager.wait(what, timeout: timeout, until: condition)
    }
}

extension RunningDaemon {
    /// An occurrence as the schedule lists it, with its start as the move request takes it.
    public struct Meeting: Sendable, CustomStringConvertible {
        public let uid: String
        /// Local wall-clock start, `2027-03-10T23:00`.
        public let start: String
        public let forums: [String]
        public let status: String

        public var date: String { String(start.prefix(10)) }
        public var year: String { String(start.prefix(4)) }
        public var description: String { "\(uid) at \(start) (\(status))" }
    }

    /// Today in the test configuration's zone.
    public static var today: CivilDate {
        ZoneRules(identifier: "Europe/London")!.zoned(instant: Int(Date().timeIntervalSince1970)).local.date
    }

    /// The schedule from `first` to `last` days from today.
    public func meetings(fromDaysAhead first: Int, to last: Int) throws -> [Meeting] {
        let path = "/v1/schedule?from=\(Self.today.adding(days: first))&to=\(Self.today.adding(days: last))"
        return (try json("GET", path)["occurrences"] as? [[String: Any]] ?? []).compactMap { item in
            guard let uid = item["uid"] as? String, let start = item["start"] as? String,
                let status = item["status"] as? String
            else { return nil }
            return Meeting(
                uid: uid, start: String(start.prefix(16)), forums: item["forums"] as? [String] ?? [],
                status: status)
        }
    }

    /// Scheduled meetings at least two days ahead (so they do not start during the test)
    /// that every invited forum has had its invitation for, in date order.
    public func invitedMeetings() throws -> [Meeting] {
        let told = (try json("GET", "/v1/notifications")["notifications"] as? [[String: Any]] ?? [])
            .filter { $0["kind"] as? String == "invitation" && $0["written_at"] is String }
            .reduce(into: [String: Set<String>]()) { told, row in
                told[row["occurrence"] as? String ?? "", default: []].insert(row["forum"] as? String ?? "")
            }
        let meetings = try meetings(fromDaysAhead: 2, to: 16).filter { meeting in
            meeting.status == "scheduled" && !meeting.forums.isEmpty
                && Set(meeting.forums).isSubset(of: told[meeting.uid] ?? [])
        }
        guard meetings.count >= 2 else { throw Failure(description: "fewer than two invited meetings: \(meetings)") }
        return meetings
    }

    /// Message files in each forum's `new/`.
    public func spoolContents(_ forums: [String]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: forums.map { ($0, messages(for: $0)) })
    }

    /// Waits until every forum in `forums` has a message whose name starts with `kind-`
    /// that is not in `before`; returns one forum's new message text per forum.
    public func waitForMessages(
        _ kind: String, to forums: [String], besides before: [String: [String]] = [:],
        timeout: Duration = .seconds(30)
    ) throws -> [String: String] {
        var found: [String: String] = [:]
        try Self.wait(for: "a \(kind) in the spool of \(forums.joined(separator: ", "))", timeout: timeout) {
            for forum in forums where found[forum] == nil {
                let old = Set(before[forum] ?? [])
                if let name = messages(for: forum).first(where: { !old.contains($0) && $0.contains(".\(kind)-") }) {
                    found[forum] = try message(name, for: forum)
                }
            }
            return found.count == forums.count
        }
        return found
    }
}
