import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The Debian package as an admin meets it, on this machine: installed with `dpkg -i`
/// (only if nothing of Convene is installed here), started, upgraded to a rebuilt
/// package with an admin's edit to the configuration kept, removed and purged, with
/// nothing left that purge does not document. And lintian has nothing to say.
///
/// The packages come from `scripts/make-deb --no-build` (the release programs and
/// manual pages `scripts/test` builds first).
@Suite(.serialized, .runsOnBlockingThreads) struct DebianPackageTests {
    static let first = "0.1.0-1"
    static let second = "0.1.0-2"

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    static func sh(_ command: String) throws -> Subprocess.Result {
        try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command])
    }

    /// The .deb of `version`, built into `folder`.
    static func package(_ version: String, in folder: TemporaryDirectory) throws -> String {
        let made = try Subprocess.run(
            RepositoryPaths.root.appendingPathComponent("scripts/make-deb"),
            ["--no-build", "--version", version, "--out", folder.path])
        guard made.status == 0, let deb = made.stdout.split(separator: "\n").first(where: { $0.hasSuffix(".deb") }) else {
            throw Failed(description: "scripts/make-deb --version \(version) failed:\n\(made.stdout)\n\(made.stderr)")
        }
        return String(deb)
    }

    /// `dpkg-query`'s status of the package ("install ok installed"), or "" if unknown.
    static func packageStatus() throws -> String {
        try sh("dpkg-query -W -f '${Status}' convene 2>/dev/null").stdout
    }

    /// Every path whose name has "conven" in it, outside the folders tests and the
    /// checkout use: what the package left, or did not.
    static func convenePaths() throws -> Set<String> {
        let pruned = [
            "/var/lib/convene-tests", "/run/user", "/var/cache", "/var/log", "/var/tmp", "/var/lib/dpkg", "/var/lib/apt",
            RepositoryPaths.root.path,
        ]
        let prune = pruned.map { "-path '\($0)'" }.joined(separator: " -o ")
        let found = try sh(
            "find /etc /usr /lib /var /run /opt -xdev \\( \(prune) \\) -prune -o -name '*conven*' -print 2>/dev/null")
        return Set(found.stdout.split(separator: "\n").map(String.init))
    }

    static func attributes(_ path: String) throws -> (mode: Int, owner: String, group: String) {
        let stat = try sh("stat -c '%a %U %G' '\(path)'")
        let fields = stat.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard stat.status == 0, fields.count == 3, let mode = Int(fields[0], radix: 8) else {
            throw Failed(description: "stat \(path): \(stat.stderr)")
        }
        return (mode, fields[1], fields[2])
    }

    @Test func lintianHasNothingToSay() throws {
        let folder = try TemporaryDirectory(prefix: "deb")
        let deb = try Self.package(Self.first, in: folder)
        let lintian = try Self.sh("lintian --allow-root '\(deb)'")
        #expect(lintian.status == 0, "\(lintian.stdout)\(lintian.stderr)")
        #expect(!lintian.stdout.contains("E: ") && !lintian.stdout.contains("W: "), "\(lintian.stdout)")
    }

    @Test func installStartUpgradeRemoveAndPurge() throws {
        try SystemdUserManager.require()
        let status = try Self.packageStatus()
        guard status.isEmpty || status.hasSuffix("not-installed") else {
            throw Failed(
                description: "convene is on this machine (\(status)); the test installs and purges the package, "
                    + "so it runs only where it is not")
        }
        let folder = try TemporaryDirectory(prefix: "deb")
        let (v1, v2) = (try Self.package(Self.first, in: folder), try Self.package(Self.second, in: folder))
        let before = try Self.convenePaths()
        var unit: PackagedUnit?
        defer {
            unit?.remove()
            _ = try? Self.sh("dpkg --purge convene")
        }

        // Install: nothing starts and nothing is sent until the admin has configured forums.
        let install = try Self.sh("dpkg -i '\(v1)'")
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("convene: /etc/convened/convened.toml configures no forums yet"))
        #expect(try Self.packageStatus() == "install ok installed")
        for path in [
            "/usr/bin/convened", "/usr/bin/convenectl", "/lib/systemd/system/convened.service",
            "/lib/systemd/system/convened.socket", "/usr/lib/systemd/catalog/convened.catalog",
            "/usr/share/man/man1/convenectl.1.gz", "/usr/share/doc/convene/examples/convened.toml",
            "/usr/share/bash-completion/completions/convenectl",
        ] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        let passwd = try Self.sh("getent passwd convened").stdout.split(separator: ":").map(String.init)
        #expect(passwd.count == 7 && passwd[5] == "/var/lib/convened", "\(passwd)")
        #expect(try Self.sh("getent group convene").status == 0)
        #expect(try Self.attributes("/var/spool/convened") == (0o750, "convened", "convene"))
        #expect(try Self.attributes("/var/lib/convened") == (0o750, "convened", "convene"))
        #expect(try Self.attributes("/var/lib/convened/inbox") == (0o700, "convened", "convene"))
        #expect(try Self.attributes("/etc/convened") == (0o750, "root", "convene"))
        #expect(try Self.attributes("/etc/convened/convened.toml") == (0o640, "root", "convene"))
        let conffiles = try Self.sh("dpkg-query -W -f '${Conffiles}' convene").stdout
        #expect(conffiles.contains("/etc/convened/convened.toml "))
        let refused = try Self.sh("convenectl check-config --as-daemon")
        #expect(refused.status == 1 && refused.stderr.contains("no forums are configured yet"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "/var/spool/convened").isEmpty)

        // The admin configures it from the example county, with an edit of their own.
        let edit = "# Testshire's own setting, kept across upgrades\n"
        try Self.sh("cp -r /usr/share/doc/convene/examples/. /etc/convened/")
        let main = try String(contentsOfFile: "/etc/convened/convened.toml", encoding: .utf8)
        try (edit + main).write(toFile: "/etc/convened/convened.toml", atomically: false, encoding: .utf8)
        let check = try Self.sh("convenectl check-config --as-daemon")
        #expect(check.status == 0, "\(check.stderr)")

        // Started under the user manager, as the package's user, from the packaged unit.
        unit = try PackagedUnit()
        let started = try #require(unit).start()
        #expect(started["forums"] as? Int == 24)
        #expect(try #require(unit).daemonUser() == "convened")
        let forums = try FileManager.default.contentsOfDirectory(atPath: "/var/spool/convened")
        #expect(forums.count == 24, "a Maildir for each forum: \(forums.count)")
        try #require(unit).stop()

        // Upgrade to a rebuilt package: the admin's edit is kept, with no conflict to ask about.
        let upgrade = try Self.sh("dpkg -i '\(v2)'")
        #expect(upgrade.status == 0, "\(upgrade.stdout)\(upgrade.stderr)")
        #expect(try Self.sh("dpkg-query -W -f '${Version}' convene").stdout == Self.second)
        #expect(try String(contentsOfFile: "/etc/convened/convened.toml", encoding: .utf8).hasPrefix(edit))
        #expect(try Self.sh("ls /etc/convened/*.dpkg-* 2>/dev/null").stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: "/var/lib/convened/ledger.sqlite"))
        let again = try #require(unit).start()
        #expect(again["forums"] as? Int == 24, "the upgraded daemon starts on the kept ledger")
        try #require(unit).stop()

        // Remove: the programs go; the configuration, ledger and spool stay.
        let remove = try Self.sh("dpkg -r convene")
        #expect(remove.status == 0, "\(remove.stdout)\(remove.stderr)")
        #expect(try Self.packageStatus() == "deinstall ok config-files")
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/convened"))
        #expect(!FileManager.default.fileExists(atPath: "/lib/systemd/system/convened.service"))
        #expect(try String(contentsOfFile: "/etc/convened/convened.toml", encoding: .utf8).hasPrefix(edit))
        #expect(FileManager.default.fileExists(atPath: "/var/lib/convened/ledger.sqlite"))
        #expect(FileManager.default.fileExists(atPath: "/var/spool/convened/\(forums[0])"))

        // Purge: configuration, state and spool go, as the README says; the accounts stay.
        let purge = try Self.sh("dpkg --purge convene")
        #expect(purge.status == 0, "\(purge.stdout)\(purge.stderr)")
        #expect(try Self.packageStatus().isEmpty || Self.packageStatus().hasSuffix("not-installed"))
        for path in ["/etc/convened", "/var/lib/convened", "/var/spool/convened", "/run/convened"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left")
        }
        unit?.remove()
        unit = nil
        let left = try Self.convenePaths().subtracting(before)
        #expect(left.isEmpty, "left behind: \(left.sorted())")
        #expect(try Self.sh("getent passwd convened").status == 0, "the README says the accounts are kept")
    }
}

/// The packaged unit, /lib/systemd/system/convened.service, under the user manager as
/// `convened-pkg-<random>.service`, with a drop-in for what a user manager does
/// differently from the system one: StateDirectory= and RuntimeDirectory= would mean
/// ~/.local/state and $XDG_RUNTIME_DIR, so the system paths are given; its notify socket
/// is root's, so the daemon (running as the package's user) counts as started once
/// exec'd, and the test waits for its socket; and the sandbox limits every unit test has.
final class PackagedUnit {
    let name = "convened-pkg-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let folder = SystemdUserManager.runtimeDirectory + "/systemd/user"
    var service: String { name + ".service" }
    static let socket = "/run/convened/control.sock"

    init() throws {
        try FileManager.default.createDirectory(atPath: folder + "/\(service).d", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/lib/systemd/system/convened.service", toPath: folder + "/\(service)")
        try """
        [Service]
        Type=exec
        WatchdogSec=0
        ExecStart=
        ExecStart=/usr/bin/convened --config /etc/convened/convened.toml --state-dir /var/lib/convened \
        --spool-dir /var/spool/convened --socket \(Self.socket)
        ReadWritePaths=/var/lib/convened /run/convened
        \(UserUnit.userManagerLimits.split(separator: "\n").filter { !$0.hasPrefix("User=") && !$0.hasPrefix("Group=") }
            .joined(separator: "\n"))

        """.write(toFile: folder + "/\(service).d/00-test.conf", atomically: true, encoding: .utf8)
        try SystemdUserManager.systemctl(["daemon-reload"])
    }

    /// Starts it and waits for its first answer on the control socket: `/v1/status`.
    func start() throws -> [String: Any] {
        // What RuntimeDirectory= does under the system manager.
        try DebianPackageTests.sh("install -d -o convened -g convene -m 0750 /run/convened")
        let start = try SystemdUserManager.systemctl(["start", service])
        guard start.status == 0 else { throw DebianPackageTests.Failed(description: "start: \(start.stderr)") }
        var status: [String: Any] = [:]
        try SystemdUserManager.wait("the packaged daemon's control socket") {
            let reply = try DebianPackageTests.sh(
                "curl -sf --unix-socket \(Self.socket) http://localhost/v1/status")
            guard reply.status == 0,
                let object = try? JSONSerialization.jsonObject(with: Data(reply.stdout.utf8)) as? [String: Any]
            else { return false }
            status = object
            return true
        }
        return status
    }

    /// The account the daemon runs as.
    func daemonUser() throws -> String {
        let pid = try SystemdUserManager.systemctl(["show", "-p", "MainPID", "--value", service]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try DebianPackageTests.sh("ps -o user= -p \(pid)").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() throws {
        try SystemdUserManager.systemctl(["stop", service])
    }

    func remove() {
        _ = try? SystemdUserManager.systemctl(["stop", service])
        _ = try? SystemdUserManager.systemctl(["reset-failed", service])
        try? FileManager.default.removeItem(atPath: folder + "/\(service)")
        try? FileManager.default.removeItem(atPath: folder + "/\(service).d")
        _ = try? SystemdUserManager.systemctl(["daemon-reload"])
    }
}
