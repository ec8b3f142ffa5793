import Foundation

/// The real systemd components the end-to-end tests use: a standalone
/// systemd-journald and a systemd user manager, started by `scripts/services start`
/// (which `scripts/test` runs; see DEVELOPERS.md). A test that needs one fails, with
/// the command that starts it, when it is not running.
public enum SystemdUserManager {
    /// The user manager's runtime folder (`$XDG_RUNTIME_DIR`).
    public static var runtimeDirectory: String { "/run/user/\(getuid())" }

    public struct Missing: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "\(what) is not running; start it with: scripts/services start (see DEVELOPERS.md)" }

        public init(what: String) { self.what = what }
    }

    /// Fails unless journald's socket and the user manager's bus are there.
    public static func require() throws {
        guard FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") else {
            throw Missing(what: "systemd-journald")
        }
        guard FileManager.default.fileExists(atPath: runtimeDirectory + "/systemd/private"),
            try systemctl(["show-environment"]).status == 0
        else { throw Missing(what: "the systemd user manager") }
    }

    /// `systemctl --user ARGUMENTS`.
    @discardableResult
    public static func systemctl(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/systemctl"), ["--user", "--no-pager"] + arguments,
            environment: environment)
    }

    /// The environment for talking to the user manager.
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = runtimeDirectory
        environment["SYSTEMD_PAGER"] = ""
        return environment
    }

    /// Journal entries matching `matches` (`FIELD=value`), oldest first, as string fields.
    public static func journal(_ matches: [String]) throws -> [[String: String]] {
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/journalctl"),
            ["--no-pager", "-o", "json"] + matches)
        return result.stdout.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object.compactMapValues { $0 as? String }
        }
    }

    /// Waits, up to `timeout`, until `condition` holds; checks every 50 ms. For
    /// conditions systemd offers no signal for (a restart, a journal entry arriving).
    public static func wait(
        _ what: String, timeout: Duration = .seconds(30),
        until condition: () throws -> Bool
    ) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TimedOut(what: what)
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "timed out waiting for \(what)" }
    }
}
