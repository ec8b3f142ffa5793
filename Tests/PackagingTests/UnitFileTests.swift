import ConveneTestSupport
import Foundation
import Testing

/// The systemd unit files, journal catalog and `make install-files` in the repository
/// hold up under the real systemd tools: `systemd-analyze verify` accepts the units,
/// `systemd-analyze security` rates the service's exposure at 1.0 or less,
/// `journalctl` compiles the catalog with a subject for every event the daemon logs,
/// and the install target puts every file in place with its mode, rewrites the unit's
/// binary path and never overwrites an existing configuration.
@Suite(.runsOnBlockingThreads) struct UnitFileTests {
    static let systemd = RepositoryPaths.root.appendingPathComponent("systemd")
    static let service = systemd.appendingPathComponent("convened.service")

    /// The catalogued events: name, MESSAGE_ID and the fields their text shows.
    static let events: [(name: String, id: String, fields: [String])] = [
        ("started", "dc43d382142c4c13aa31ab70d5c51cab", ["CONFIG_FILE", "SOCKET", "SPOOL_DIR", "STATE_DIR"]),
        ("config-loaded", "56ad0b5b7c94479e91460672fa854559", ["CONFIG_FILE", "FORUMS", "SERIES"]),
        ("reload-failed", "c0a00b7d48c74cec8a566ebbf0fc28f4", ["CONFIG_FILE", "ERRORS"]),
        (
            "notification-written", "60bea676bcf046a19dc31d58d384baee",
            ["FORUM_ID", "NOTIFICATION_ID", "OCCURRENCE_UID", "KIND"]
        ),
        ("notification-retry", "8d34e34b895d46edaf929eaf88fc03d2", ["FORUM_ID", "NOTIFICATION_ID", "ERROR", "RETRY_IN"]),
        ("occurrence-unplaced", "191df22779d945cf9fb287229f76ea6f", ["MEETING_ID", "OCCURRENCE_UID", "REASON"]),
        ("answer-received", "4b0e6a1d2f8c4e57a3d9c6b1e7f20a58", ["FORUM_ID", "OCCURRENCE_UID", "ANSWER", "VIA"]),
        ("message-quarantined", "9e2c71f4b6a84d03b5e8f1a7c3d69e12", ["REASON"]),
        ("message-needs-person", "d7a35e9c0b1f4826a4c7e3f5b9081d6a", ["FORUM_ID", "REASON"]),
        ("contact-bounced", "e98bffafe29746a0b122d5cf3dcdf5ab", ["FORUM_ID", "REASON"]),
        ("message-handed-off", "3f6a9c2e81d54b7fa0e4c95d7b3128e6", ["FORUM_ID", "NOTIFICATION_ID", "RECIPIENTS"]),
        ("handoff-failed", "a4d8e1f27c0b4965b3e6d9a5f1c8027b", ["FORUM_ID", "NOTIFICATION_ID", "ERROR", "RETRY_AT"]),
    ]

    /// Only what the tools need, so a caller's MAKEFLAGS, PREFIX or SYSTEMD_LOG_LEVEL
    /// cannot change what is tested. Warnings are logged at the default level.
    static let environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SYSTEMD_LOG_LEVEL": "info", "LANG": "C.UTF-8"]

    static func tool(_ name: String) -> URL { URL(fileURLWithPath: "/usr/bin").appendingPathComponent(name) }

    static func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// verify also checks that ExecStart= and ExecReload= name executables, so the units
    /// are copied (side by side, as the socket needs its service) with the freshly built
    /// binaries in them. verify does not look users up, so User=convened needs no sysusers.
    /// `--recursive-errors=no` keeps problems in the host's own units out of the result.
    @Test func verifyAcceptsTheServiceAndSocketUnits() throws {
        let daemon = RepositoryPaths.executable("convened")
        let client = RepositoryPaths.executable("convenectl")
        for program in [daemon, client] {
            try #require(
                FileManager.default.isExecutableFile(atPath: program.path),
                "\(program.path) is missing: build it first (swift build)")
        }
        let units = try TemporaryDirectory(prefix: "units")
        let text = try String(contentsOf: Self.service, encoding: .utf8)
        let commands = text.split(separator: "\n").filter { $0.hasPrefix("Exec") }
        #expect(
            commands == ["ExecStart=/usr/local/bin/convened", "ExecReload=/usr/local/bin/convenectl reload"],
            "make install rewrites exactly these lines")
        let service = try units.write(
            text.replacingOccurrences(of: "ExecStart=/usr/local/bin/convened", with: "ExecStart=\(daemon.path)")
                .replacingOccurrences(of: "ExecReload=/usr/local/bin/convenectl", with: "ExecReload=\(client.path)"),
            to: "convened.service")
        let socket = try units.write(
            String(contentsOf: Self.systemd.appendingPathComponent("convened.socket"), encoding: .utf8),
            to: "convened.socket")

        let verify = try Subprocess.run(
            Self.tool("systemd-analyze"),
            ["verify", "--man=no", "--recursive-errors=no", service.path, socket.path],
            environment: Self.environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stderr == "", "verify printed warnings")
    }

    @Test func securityRatesTheServiceExposureAtOneOrLess() throws {
        let security = try Subprocess.run(
            Self.tool("systemd-analyze"), ["security", "--offline=true", "--no-pager", Self.service.path],
            environment: Self.environment)
        #expect(security.status == 0, "\(security.stderr)")
        let match = try #require(
            security.stdout.firstMatch(of: /Overall exposure level for convened\.service: (\d+\.\d+)/),
            "no overall exposure in:\n\(security.stdout)")
        let exposure = try #require(Double(String(match.1)))
        let exposed = security.stdout.split(separator: "\n").filter { $0.hasPrefix("✗") }.joined(separator: "\n")
        #expect(exposure <= 1.0, "exposure \(exposure); not covered:\n\(exposed)")
    }

    /// The shipped unit plus only the README's Postfix drop-in, as a pair: where daemons
    /// that hand mail to postdrop usually give up their sandbox.
    @Test func theServiceWithTheReadmesPostfixDropInStillRatesOneOrLess() throws {
        let dropIn = try ReadmeText.postfixDropIn()
        #expect(dropIn.hasPrefix("[Service]\n") && dropIn.contains("SupplementaryGroups=postdrop"), "\(dropIn)")
        let folder = try TemporaryDirectory(prefix: "unit-pair")
        try folder.write(String(contentsOf: Self.service, encoding: .utf8), to: "convened.service")
        try folder.write(dropIn, to: "convened.service.d/postfix.conf")
        let security = try Subprocess.run(
            Self.tool("systemd-analyze"), ["security", "--offline=true", "--no-pager", folder.path + "/convened.service"],
            environment: Self.environment)
        #expect(security.status == 0, "\(security.stderr)")
        let match = try #require(
            security.stdout.firstMatch(of: /Overall exposure level for convened\.service: (\d+\.\d+)/), "\(security.stdout)")
        let exposure = try #require(Double(String(match.1)))
        #expect(exposure <= 1.0, "exposure \(exposure) with the drop-in:\n\(security.stdout)")
        // The drop-in was read: the same unit with a line that opens the network rates worse.
        try folder.write(dropIn + "PrivateNetwork=no\nRestrictAddressFamilies=\n", to: "convened.service.d/postfix.conf")
        let opened = try Subprocess.run(
            Self.tool("systemd-analyze"), ["security", "--offline=true", "--no-pager", folder.path + "/convened.service"],
            environment: Self.environment)
        let worse = try #require(opened.stdout.firstMatch(of: /Overall exposure level for convened\.service: (\d+\.\d+)/))
        #expect(try #require(Double(String(worse.1))) > exposure)
    }

    @Test(arguments: events)
    func theCatalogExplainsEachEventWithASubjectAndItsFields(name: String, id: String, fields: [String]) throws {
        let root = try TemporaryDirectory(prefix: "catalog")
        try root.write(
            String(contentsOf: Self.systemd.appendingPathComponent("convened.catalog"), encoding: .utf8),
            to: "usr/lib/systemd/catalog/convened.catalog")
        let journalctl = Self.tool("journalctl")
        let update = try Subprocess.run(
            journalctl, ["--root=\(root.path)", "--update-catalog"],
            environment: Self.environment)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stderr == "", "journalctl warned about the catalog")

        // --list-catalog prints one line per entry: "<id> <Defined-By>: <Subject>".
        let list = try Subprocess.run(journalctl, ["--root=\(root.path)", "--list-catalog"], environment: Self.environment)
        #expect(list.status == 0, "\(list.stderr)")
        let listed = list.stdout.split(separator: "\n").map(String.init)
        #expect(listed.count == Self.events.count, "one entry per event:\n\(list.stdout)")
        let line = try #require(listed.first { $0.hasPrefix(id + " ") }, "\(name) (\(id)) is not in:\n\(list.stdout)")
        let subject = line.dropFirst(id.count + 1)
        #expect(subject.hasPrefix("convened: ") && subject.count > "convened: ".count, "\(name) has no subject: \(line)")

        let entry = try Subprocess.run(
            journalctl, ["--root=\(root.path)", "--dump-catalog", id],
            environment: Self.environment)
        #expect(entry.status == 0, "\(entry.stderr)")
        for field in fields {
            #expect(entry.stdout.contains("@\(field)@"), "\(name) does not show \(field)")
        }
    }

    /// The configuration names forum contacts, who are people, so it is installed
    /// 0640 in 0750 folders (made root:convene by `make activate`), not world-readable.
    /// Binaries are 0755; units, sysusers, tmpfiles, catalog and docs 0644.
    @Test func installFilesPutsEveryFileInPlaceAndKeepsAnEditedConfiguration() throws {
        let built = try TemporaryDirectory(prefix: "built")
        for program in ["convened", "convenectl"] {
            let script = try built.write("#!/bin/sh\necho \(program)\n", to: program)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        }
        let destination = try TemporaryDirectory(prefix: "destdir")
        let make = { () throws -> Subprocess.Result in
            try Subprocess.run(
                Self.tool("make"),
                [
                    "-C", RepositoryPaths.root.path, "install-files",
                    "DESTDIR=\(destination.path)", "PREFIX=/usr", "BUILT=\(built.path)",
                ],
                environment: Self.environment)
        }
        let first = try make()
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        let expected: [(String, Int)] = [
            ("usr/bin/convened", 0o755),
            ("usr/bin/convenectl", 0o755),
            ("usr/lib/systemd/system/convened.service", 0o644),
            ("usr/lib/systemd/system/convened.socket", 0o644),
            ("usr/lib/systemd/catalog/convened.catalog", 0o644),
            ("usr/lib/sysusers.d/convened.conf", 0o644),
            ("usr/lib/tmpfiles.d/convened.conf", 0o644),
            ("usr/share/doc/convene/README.md", 0o644),
            ("usr/share/doc/convene/configuration.md", 0o644),
            ("etc/convened", 0o750),
        ]
        for (path, mode) in expected {
            let url = destination.url.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "\(path) is missing")
            let actual = try Self.mode(url)
            #expect(actual == mode, "\(path) has mode \(String(actual, radix: 8))")
        }

        let config = RepositoryPaths.root.appendingPathComponent("config").resolvingSymlinksInPath()
        let shipped = try FileManager.default.subpathsOfDirectory(atPath: config.path).sorted()
        #expect(shipped.contains("convened.toml") && shipped.contains("forums") && shipped.contains("meetings"))
        for path in shipped {
            let source = config.appendingPathComponent(path)
            let installed = destination.url.appendingPathComponent("etc/convened").appendingPathComponent(path)
            let isFolder = try source.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true
            #expect(try Self.mode(installed) == (isFolder ? 0o750 : 0o640), "etc/convened/\(path)")
            if !isFolder {
                #expect(try Data(contentsOf: installed) == Data(contentsOf: source), "etc/convened/\(path)")
            }
        }

        let service = try String(
            contentsOf: destination.url.appendingPathComponent("usr/lib/systemd/system/convened.service"),
            encoding: .utf8)
        #expect(
            service.split(separator: "\n").filter { $0.hasPrefix("Exec") }
                == ["ExecStart=/usr/bin/convened", "ExecReload=/usr/bin/convenectl reload"])
        let catalog = try String(
            contentsOf: destination.url.appendingPathComponent("usr/lib/systemd/catalog/convened.catalog"),
            encoding: .utf8)
        #expect(catalog.contains("file:///usr/share/doc/convene/") && !catalog.contains("/usr/local/"))
        let daemon = try Subprocess.run(destination.url.appendingPathComponent("usr/bin/convened"), [])
        #expect(daemon.stdout == "convened\n", "the binary from BUILT is installed")

        let main = destination.url.appendingPathComponent("etc/convened/convened.toml")
        let edited = "# the council's own configuration\n"
        try Data(edited.utf8).write(to: main)
        let second = try make()
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(try String(contentsOf: main, encoding: .utf8) == edited, "an existing configuration is never overwritten")
        #expect(second.stdout.contains("leaving the configuration"), "\(second.stdout)")
    }
}
