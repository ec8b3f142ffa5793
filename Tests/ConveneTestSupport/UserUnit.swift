import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped `convened.service` (and, if asked, `convened.socket`) installed under a
/// unique name in the user manager, with a drop-in that points it at a test folder and
/// leaves out what a user manager in a container cannot apply. Everything else in the
/// unit, the hardening included, applies as shipped.
public final class UserUnit: Sendable {
    /// `convened-test-<random>`; the service is `<name>.service`.
    public let name: String
    /// Holds `config/`, `state/`, `spool/` and `control.sock`. Under the runtime folder,
    /// not /tmp: the unit has PrivateTmp=yes.
    public let folder: String
    public var service: String { name + ".service" }
    public var socketUnit: String { name + ".socket" }
    public var socketPath: String { folder + "/control.sock" }
    public var spool: String { folder + "/spool" }
    public var state: String { folder + "/state" }
    public var config: String { folder + "/config" }
    let unitDirectory: String

    /// What a user manager inside this sandbox cannot do: switch user, and remount
    /// /home, /proc, /sys or the cgroup tree (each fails the start with 226/NAMESPACE).
    public static let userManagerLimits = """
        User=
        Group=
        ProtectHome=no
        ProtectKernelTunables=no
        ProtectKernelLogs=no
        ProtectControlGroups=no
        ProtectProc=default
        ProcSubset=all
        """

    /// The account a unit runs as (`User=`, `Group=`), when not root: `convene-test`,
    /// which `scripts/services start` makes (and Postfix delivers the test inboxes as).
    public struct Account: Sendable {
        public let name: String
        public let uid: UInt32
        public let gid: UInt32

        /// The account `name`; nil when this machine has none.
        public init?(_ name: String) {
            guard let entry = getpwnam(name) else { return nil }
            self.name = name
            uid = entry.pointee.pw_uid
            gid = entry.pointee.pw_gid
        }
    }

    /// Where units run as an account keep their folders: reachable by that account
    /// (the runtime folder is root's alone).
    public static let accountFolders = "/var/lib/convene-tests"

    /// Installs the units; `dropIn` adds `[Service]` lines (e.g. `WatchdogSec=2s`).
    /// With `account`, the service runs as that account (`User=`, `Group=`) from copies of
    /// the binaries in its own folder under `accountFolders`, owned by the account: the
    /// build folder may be where it cannot reach (a clone under /root, mode 0700).
    /// `binaries` is the folder the programs come from (default: the tests' own build).
    public init(
        dropIn: String = "", socketActivated: Bool = false, daemonArguments: [String] = [], account: Account? = nil,
        binaries: URL = RepositoryPaths.binaries
    ) throws {
        name = "convened-test-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        folder = (account == nil ? SystemdUserManager.runtimeDirectory + "/convene-tests" : Self.accountFolders) + "/" + name
        unitDirectory = SystemdUserManager.runtimeDirectory + "/systemd/user"
        for path in [folder + "/config", unitDirectory + "/\(name).service.d"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        let shipped = RepositoryPaths.root.appendingPathComponent("systemd")
        try FileManager.default.copyItem(
            atPath: shipped.appendingPathComponent("convened.service").path,
            toPath: unitDirectory + "/\(name).service")
        var binary = binaries.appendingPathComponent("convened").resolvingSymlinksInPath().path
        var client = binaries.appendingPathComponent("convenectl").resolvingSymlinksInPath().path
        var identity = ""
        if let account {
            try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
            try ExecutableFile.copy(binary, to: folder + "/bin/convened")
            try ExecutableFile.copy(client, to: folder + "/bin/convenectl")
            (binary, client) = (folder + "/bin/convened", folder + "/bin/convenectl")
            for path in [folder, folder + "/config", folder + "/bin", binary, client] {
                guard chown(path, account.uid, account.gid) == 0 else {
                    throw RequestFailed(detail: "cannot give \(path) to \(account.name): \(String(cString: strerror(errno)))")
                }
            }
            // The user manager's notify socket is root's (mode 0755, in a 0700 folder):
            // another account cannot send READY=1 or WATCHDOG=1 to it, so the unit counts
            // as started once the daemon is exec'd (wait for its socket), with no watchdog.
            identity = "User=\(account.name)\nGroup=\(account.name)\nType=exec\nWatchdogSec=0"
        }
        let arguments =
            [
                "--config", config + "/convened.toml", "--state-dir", state, "--spool-dir", spool,
                "--socket", socketPath,
            ] + daemonArguments
        // Socket-activated, the daemon answers on the socket unit's socket, not --socket.
        let answering = socketActivated ? folder + "/activated.sock" : socketPath
        try """
        [Service]
        ExecStart=
        ExecStart=\(binary) \(arguments.joined(separator: " "))
        ExecReload=
        ExecReload=\(client) reload --socket \(answering)
        ReadWritePaths=
        ReadWritePaths=\(folder)
        # The unit's PrivateTmp= hides /tmp, where a checkout (and so the binary) may be.
        BindReadOnlyPaths=\(binaries.resolvingSymlinksInPath().path)
        \(Self.userManagerLimits)
        \(identity)
        \(dropIn)

        """.write(toFile: unitDirectory + "/\(name).service.d/00-test.conf", atomically: true, encoding: .utf8)
        if socketActivated {
            let socket = try String(contentsOf: shipped.appendingPathComponent("convened.socket"), encoding: .utf8)
                .replacingOccurrences(of: "ListenStream=/run/convened/control.sock", with: "ListenStream=\(answering)")
                .replacingOccurrences(of: "SocketUser=convened\n", with: "")
                .replacingOccurrences(of: "SocketGroup=convene\n", with: "")
            try socket.write(toFile: unitDirectory + "/\(name).socket", atomically: true, encoding: .utf8)
        }
        try SystemdUserManager.systemctl(["daemon-reload"])
    }

    /// Adds (or replaces) the drop-in `<file>.conf` with `[Service]` lines, or removes it
    /// when `lines` is nil, and reloads the manager; takes effect at the next start.
    public func setDropIn(_ file: String, _ lines: String?) throws {
        let path = unitDirectory + "/\(name).service.d/\(file).conf"
        if let lines {
            try "[Service]\n\(lines)\n".write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(atPath: path)
        }
        try SystemdUserManager.systemctl(["daemon-reload"])
    }

    /// `systemctl --user VERB UNIT`.
    @discardableResult
    public func systemctl(_ verb: String, _ unit: String? = nil) throws -> Subprocess.Result {
        try SystemdUserManager.systemctl([verb, unit ?? service])
    }

    /// One property of the service (`systemctl show -p NAME --value`).
    public func property(_ property: String, of unit: String? = nil) throws -> String {
        try SystemdUserManager.systemctl(["show", "-p", property, "--value", unit ?? service])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var mainPID: Int32 { Int32((try? property("MainPID")) ?? "") ?? 0 }

    /// This unit's journal entries.
    public func journal(_ matches: [String] = []) throws -> [[String: String]] {
        try SystemdUserManager.journal(["_SYSTEMD_UNIT=\(service)"] + matches)
    }

    /// `curl --unix-socket` against the control API: (HTTP status, body).
    public func request(_ method: String = "GET", _ path: String, socket: String? = nil) throws -> (status: Int, body: String) {
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-sS", "--max-time", "20", "-X", method, "-w", "\n%{http_code}",
                "--unix-socket", socket ?? socketPath, "http://convened" + path,
            ])
        guard result.status == 0, let newline = result.stdout.lastIndex(of: "\n") else {
            throw RequestFailed(detail: "curl exit \(result.status): \(result.stderr)")
        }
        return (Int(result.stdout[result.stdout.index(after: newline)...]) ?? 0, String(result.stdout[..<newline]))
    }

    public struct RequestFailed: Error, CustomStringConvertible {
        public let detail: String
        public var description: String { detail }
    }

    /// `GET /v1/status` as a dictionary.
    public func status() throws -> [String: Any] {
        let (code, body) = try request("GET", "/v1/status")
        guard code == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw RequestFailed(detail: "GET /v1/status: \(code) \(body)")
        }
        return object
    }

    /// Stops the units and removes them and the test folder.
    public func remove() {
        _ = try? SystemdUserManager.systemctl(["stop", service, socketUnit])
        _ = try? SystemdUserManager.systemctl(["reset-failed", service, socketUnit])
        for path in [
            unitDirectory + "/\(name).service", unitDirectory + "/\(name).service.d",
            unitDirectory + "/\(name).socket", folder,
        ] {
            try? FileManager.default.removeItem(atPath: path)
        }
        _ = try? SystemdUserManager.systemctl(["daemon-reload"])
    }
}
