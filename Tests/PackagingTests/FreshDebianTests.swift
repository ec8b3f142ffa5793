import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The package in a Debian 12 with nothing else in it: a `debootstrap --variant=minbase`
/// of bookworm (made once from Debian's registry and kept in /var/cache/convene-tests),
/// copied for each run and entered with `chroot`. What `Depends:` names is all the
/// programs find there; the daemon runs on it as the package's user, and a purge leaves
/// the root as it was before the package came.
@Suite(.runsOnBlockingThreads) struct FreshDebianTests {
    static let cache = "/var/cache/convene-tests/bookworm-minbase"
    static let mirror = "http://deb.debian.org/debian"

    typealias Failed = DebianPackageTests.Failed

    /// A throwaway copy of the cached bookworm, with /proc mounted and the host's resolver.
    final class Root {
        let folder: TemporaryDirectory
        var path: String { folder.path + "/root" }

        init() throws {
            if !FileManager.default.fileExists(atPath: FreshDebianTests.cache + "/.complete") {
                let partial = FreshDebianTests.cache + ".partial"
                let made = try DebianPackageTests.sh(
                    "rm -rf '\(partial)' && mkdir -p '\(partial)' && "
                        + "debootstrap --variant=minbase bookworm '\(partial)' \(FreshDebianTests.mirror) && "
                        + "rm -rf '\(FreshDebianTests.cache)' && mv '\(partial)' '\(FreshDebianTests.cache)' && "
                        + "touch '\(FreshDebianTests.cache)/.complete'")
                guard made.status == 0 else { throw Failed(description: "debootstrap failed:\n\(made.stdout)\(made.stderr)") }
            }
            folder = try TemporaryDirectory(prefix: "bookworm")
            let copied = try DebianPackageTests.sh(
                "cp -a '\(FreshDebianTests.cache)' '\(folder.path)/root' && cp /etc/resolv.conf '\(folder.path)/root/etc/' "
                    + "&& mount -t proc proc '\(folder.path)/root/proc'")
            guard copied.status == 0 else { throw Failed(description: "cannot set up the root: \(copied.stderr)") }
        }

        /// `command` run by /bin/sh inside the root, as root.
        @discardableResult
        func run(_ command: String) throws -> Subprocess.Result {
            try Subprocess.run(
                URL(fileURLWithPath: "/usr/sbin/chroot"), [path, "/bin/sh", "-c", command],
                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LANG": "C"])
        }

        /// Every path in the root, but for what only moves (logs, caches, apt's and
        /// dpkg's own records) and /proc.
        func paths() throws -> Set<String> {
            let pruned = ["/proc", "/tmp", "/var/log", "/var/cache", "/var/lib/apt", "/var/lib/dpkg"]
                .map { "-path '\(path)\($0)'" }.joined(separator: " -o ")
            let found = try DebianPackageTests.sh("find '\(path)' -xdev \\( \(pruned) \\) -prune -o -print")
            return Set(found.stdout.split(separator: "\n").map { String($0.dropFirst(path.count)) })
        }

        deinit {
            _ = try? DebianPackageTests.sh("umount '\(path)/proc'")
        }
    }

    @Test func inAFreshBookwormItsDependsAreEnoughAndAPurgeLeavesNothing() throws {
        let packages = try TemporaryDirectory(prefix: "deb")
        let deb = try DebianPackageTests.package(DebianPackageTests.first, in: packages)
        let root = try Root()
        try FileManager.default.copyItem(atPath: deb, toPath: root.path + "/tmp/convene.deb")

        // What Depends: names, as apt resolves it, and nothing more.
        let satisfy = try root.run("apt-get update -qq && apt-get satisfy -y -q \"$(dpkg-deb -f /tmp/convene.deb Depends)\"")
        #expect(satisfy.status == 0, "\(satisfy.stdout)\(satisfy.stderr)")
        let before = try root.paths()

        let install = try root.run("dpkg -i /tmp/convene.deb")
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(install.stdout.contains("configures no forums yet"))
        let version = try root.run("convened --version && convenectl --version")
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("convened "), "\(version.stdout)")

        // The example county, then the daemon as the package's user until it answers.
        let configured = try root.run(
            "cp -r /usr/share/doc/convene/examples/. /etc/convened/ && convenectl check-config --as-daemon "
                + "&& install -d -o convened -g convene -m 0750 /run/convened")
        #expect(configured.status == 0, "\(configured.stdout)\(configured.stderr)")
        let daemon = try SpawnedProcess(
            "/usr/sbin/chroot",
            [
                root.path, "setpriv", "--reuid=convened", "--regid=convene", "--init-groups", "/usr/bin/convened",
                "--config", "/etc/convened/convened.toml", "--state-dir", "/var/lib/convened",
                "--spool-dir", "/var/spool/convened", "--socket", "/run/convened/control.sock", "--log-to", "stderr",
            ],
            logPath: packages.path + "/convened.log", environment: ["PATH": "/usr/bin:/bin"])
        var forums: Int?
        do {
            try SystemdUserManager.wait("the daemon in the fresh root to answer", timeout: .seconds(60)) {
                guard RunningDaemon.isRunning(daemon.pid) else {
                    throw Failed(description: "convened exited:\n\(daemon.output)")
                }
                let reply = try DebianPackageTests.sh(
                    "curl -sf --unix-socket '\(root.path)/run/convened/control.sock' http://localhost/v1/status")
                let object = try? JSONSerialization.jsonObject(with: Data(reply.stdout.utf8)) as? [String: Any]
                forums = object?["forums"] as? Int
                return forums != nil
            }
        } catch {
            daemon.stop()
            throw error
        }
        let stopped = daemon.stop()
        #expect(forums == 24)
        #expect(stopped == 0, "a clean stop: \(daemon.output)")
        let owner = try root.run("stat -c %U /var/lib/convened/ledger.sqlite").stdout
        #expect(owner == "convened\n")

        let purge = try root.run("dpkg --purge convene")
        #expect(purge.status == 0, "\(purge.stdout)\(purge.stderr)")
        let after = try root.paths()
        #expect(after.subtracting(before).sorted() == [], "left behind")
        #expect(before.subtracting(after).sorted() == [], "taken away")
    }
}
