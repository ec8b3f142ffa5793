import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension SecurityTests {
    /// Forum contacts' addresses are in the messages, coordinators' names and reasons in
    /// the ledger: what the daemon writes must protect itself, not rely on the unit's
    /// `UMask=0027`. So the daemon runs by hand as `nobody` with a permissive umask.
    /// Needs root to switch to `nobody`, as CI runs; elsewhere it is not run.
    @Suite(.enabled(if: getuid() == 0 || ProcessInfo.processInfo.environment["CI"] == "true"))
    struct FileModes {
        @Test(arguments: ["022", "000"])
        func everythingTheDaemonWritesIsItsOwnAndHiddenFromOthers(umask: String) throws {
            let account = RunningDaemon.Account.nobody
            let daemon = try UnprivilegedDaemon(as: account, umask: umask)
            defer { daemon.stop() }

            var expected: [String: (type: mode_t, mode: mode_t)] = [
                daemon.state: (S_IFDIR, 0o750),
                daemon.ledgerPath: (S_IFREG, 0o600),
                // SQLite gives these the database file's mode; they exist while it is open.
                daemon.ledgerPath + "-wal": (S_IFREG, 0o600),
                daemon.ledgerPath + "-shm": (S_IFREG, 0o600),
                daemon.socketFolder: (S_IFDIR, 0o750),
                daemon.socketPath: (S_IFSOCK, 0o660),
                daemon.spool: (S_IFDIR, 0o750),
            ]
            // The inbox and its quarantine: the owner's only.
            for folder in [
                "", "/tmp", "/new", "/cur", "/.Quarantine", "/.Quarantine/tmp", "/.Quarantine/new", "/.Quarantine/cur",
            ] {
                expected[daemon.state + "/inbox" + folder] = (S_IFDIR, 0o700)
            }
            for forum in ["forum-0", "forum-1"] {
                let folder = daemon.spool + "/" + forum
                for path in [folder, folder + "/tmp", folder + "/new", folder + "/cur"] { expected[path] = (S_IFDIR, 0o750) }
                let messages = try FileManager.default.contentsOfDirectory(atPath: folder + "/new")
                try #require(!messages.isEmpty, "the first round wrote \(forum)'s invitations")
                for message in messages { expected[folder + "/new/" + message] = (S_IFREG, 0o640) }
            }

            for (path, want) in expected.sorted(by: { $0.key < $1.key }) {
                let info = try SecurityTests.status(path)
                #expect(info.st_mode & S_IFMT == want.type, "\(path) is not of the expected type")
                #expect(String(info.st_mode & 0o7777, radix: 8) == String(want.mode, radix: 8), "\(path)")
            }
            // Nothing else, and nothing of anyone else's or open to others.
            let written = SecurityTests.tree(daemon.home).map { daemon.home + "/" + $0.trimmingSuffix("/") }
            #expect(Set(written) == Set(expected.keys), "unexpected: \(Set(written).subtracting(expected.keys).sorted())")
            for path in written {
                let info = try SecurityTests.status(path)
                #expect(
                    info.st_uid == account.uid && info.st_gid == account.gid,
                    "\(path) belongs to \(info.st_uid):\(info.st_gid)")
                #expect(info.st_mode & 0o007 == 0, "\(path) has mode \(String(info.st_mode & 0o7777, radix: 8))")
            }
            #expect(daemon.stop() == 0, "\(daemon.process.output)")
        }
    }
}

extension String {
    /// The string without `suffix` at its end, if it has it.
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
