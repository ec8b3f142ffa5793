import ConveneTestSupport
import Foundation
import Testing

/// The release builds of convened and convenectl carry the Swift runtime and Foundation
/// inside them (Package.swift, `selfContainedRelease`), so they run on a Debian server
/// with no Swift toolchain. Here they run with the toolchain hidden: an empty tmpfs over
/// /opt/swift, by `unshare -m` for the commands and by the unit's own
/// `TemporaryFileSystem=` for the daemon. `scripts/test` builds them first.
@Suite(.runsOnBlockingThreads) struct SelfContainedBinaryTests {
    /// `.build/release`, where `swift build -c release` leaves the programs.
    static let release = RepositoryPaths.root.appendingPathComponent(".build/release", isDirectory: true)

    /// The libraries Debian 12 itself ships that the programs may need (`Depends:` of the
    /// package lists their packages): the C and C++ runtimes, SQLite and libsystemd.
    static let debianLibraries: Set<String> = [
        "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libsqlite3.so.0", "libsystemd.so.0",
        "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    ]

    static func releaseProgram(_ name: String) throws -> String {
        let path = release.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(detail: "\(path) is missing; build it with: make build-release (scripts/test does)")
        }
        return path
    }

    struct Missing: Error, CustomStringConvertible {
        let detail: String
        var description: String { detail }
    }

    /// `command` in a mount namespace of its own where /opt/swift is an empty tmpfs.
    static func withoutToolchain(_ command: [String]) throws -> Subprocess.Result {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            ["--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs none /opt/swift && exec \(quoted)"])
    }

    @Test(arguments: ["convened", "convenectl"])
    func needsOnlyWhatDebianShips(_ name: String) throws {
        let program = try Self.releaseProgram(name)
        let dynamic = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/readelf"), ["--dynamic", "--wide", program])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = Set(
            dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
                line.split(separator: "[").last?.split(separator: "]").first.map(String.init)
            })
        #expect(!needed.isEmpty)
        #expect(needed.isSubset(of: Self.debianLibraries), "not in Debian: \(needed.subtracting(Self.debianLibraries))")
        #expect(!dynamic.stdout.contains("/opt/swift"), "no search path into the toolchain")
    }

    @Test func bothProgramsRunWithTheToolchainHidden() throws {
        let daemon = try Self.releaseProgram("convened")
        let client = try Self.releaseProgram("convenectl")

        let version = try Self.withoutToolchain([daemon, "--version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("convened "), "\(version.stdout)")

        let check = try Self.withoutToolchain([client, "check-config", "--config", RepositoryPaths.exampleConfig.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("\(RepositoryPaths.exampleConfig.path): OK: 24 forums, "), "\(check.stdout)")

        // The control: the tests' own build links the toolchain's runtime and cannot run so.
        let debug = try Self.withoutToolchain([RepositoryPaths.executable("convenectl").path, "--version"])
        #expect(debug.status != 0)
        #expect(debug.stderr.contains("error while loading shared libraries: libswift"), "\(debug.stderr)")
    }

    @Test func theDaemonStartsToReadyWithTheToolchainHidden() throws {
        try SystemdUserManager.require()
        _ = try Self.releaseProgram("convenectl")
        let unit = try UserUnit(dropIn: "TemporaryFileSystem=/opt/swift", binaries: Self.release)
        defer { unit.remove() }
        try ServiceConfiguration.write(to: unit.config, forums: 3)

        // Type=notify: start returns once the daemon has sent READY=1.
        let start = try unit.systemctl("start")

        #expect(start.status == 0, "\(start.stderr)")
        #expect(try unit.property("ActiveState") == "active")
        let status = try unit.status()
        #expect(status["state"] as? String == "running")
        #expect(status["forums"] as? Int == 3)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(unit.mainPID)/root/opt/swift")
        #expect(hidden.isEmpty, "the daemon sees an empty /opt/swift: \(hidden)")
        let maps = try String(contentsOfFile: "/proc/\(unit.mainPID)/maps", encoding: .utf8)
        #expect(maps.contains(Self.release.resolvingSymlinksInPath().appendingPathComponent("convened").path))
        #expect(!maps.contains("libswift"), "no Swift library is mapped")
        #expect(!maps.contains("libFoundation"))
    }
}
