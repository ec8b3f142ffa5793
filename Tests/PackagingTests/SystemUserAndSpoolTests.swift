import ConveneTestSupport
import Foundation
import Testing

/// The sysusers.d and tmpfiles.d files in `systemd/`, applied by the real
/// `systemd-sysusers` and `systemd-tmpfiles` to a scratch root, make the daemon's user
/// and group and a spool that only they can enter.
@Suite(.runsOnBlockingThreads) struct SystemUserAndSpoolTests {
    @Test func sysusersAndTmpfilesMakeTheUserGroupAndAPrivateSpool() throws {
        let root = try TemporaryDirectory(prefix: "sysroot")
        try root.write("", to: "etc/passwd")
        try root.write("", to: "etc/group")
        let systemd = RepositoryPaths.root.appendingPathComponent("systemd")
        try root.write(
            String(contentsOf: systemd.appendingPathComponent("convened.sysusers"), encoding: .utf8),
            to: "usr/lib/sysusers.d/convened.conf")
        try root.write(
            String(contentsOf: systemd.appendingPathComponent("convened.tmpfiles"), encoding: .utf8),
            to: "usr/lib/tmpfiles.d/convened.conf")

        let sysusers = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/systemd-sysusers"), ["--root=\(root.path)"])
        #expect(sysusers.status == 0, "\(sysusers.stderr)")
        let passwd = try String(contentsOf: root.url.appendingPathComponent("etc/passwd"), encoding: .utf8)
        let group = try String(contentsOf: root.url.appendingPathComponent("etc/group"), encoding: .utf8)
        let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("convened:") }?.split(separator: ":"))
        let convene = try #require(group.split(separator: "\n").first { $0.hasPrefix("convene:") }?.split(separator: ":"))
        #expect(user[3] == convene[2], "the daemon's primary group is convene")
        #expect(user[5] == "/var/lib/convened")
        #expect(user[6] == "/usr/sbin/nologin")

        let tmpfiles = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/systemd-tmpfiles"), ["--root=\(root.path)", "--create"])
        #expect(tmpfiles.status == 0, "\(tmpfiles.stderr)")
        let spool = try FileManager.default.attributesOfItem(atPath: root.url.appendingPathComponent("var/spool/convened").path)
        #expect((spool[.posixPermissions] as? Int) == 0o750)
        #expect((spool[.ownerAccountID] as? Int).map(String.init) == String(user[2]))
        #expect((spool[.groupOwnerAccountID] as? Int).map(String.init) == String(convene[2]))
        // The state folder, as StateDirectory= makes it, so the inbox has its parent from the start.
        let state = try FileManager.default.attributesOfItem(atPath: root.url.appendingPathComponent("var/lib/convened").path)
        #expect((state[.posixPermissions] as? Int) == 0o750)
        #expect((state[.ownerAccountID] as? Int).map(String.init) == String(user[2]))
        // The inbox: the daemon's alone (parents' reasons), where Postfix's home_mailbox finds it.
        let inbox = try FileManager.default.attributesOfItem(
            atPath: root.url.appendingPathComponent("var/lib/convened/inbox").path)
        #expect((inbox[.posixPermissions] as? Int) == 0o700)
        #expect((inbox[.ownerAccountID] as? Int).map(String.init) == String(user[2]))
    }
}
