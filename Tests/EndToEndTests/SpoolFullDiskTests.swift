import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A full disk loses nothing and duplicates nothing: the spool sits on a 2 MiB tmpfs,
/// a burst of 2,000 invitations fills it (ENOSPC for the forums that no longer fit,
/// the others carry on), the tmpfs is enlarged, and the next run delivers the rest.
/// Needs root to mount the tmpfs, as CI runs; elsewhere it is not run.
@Suite(.enabled(if: getuid() == 0 || ProcessInfo.processInfo.environment["CI"] == "true"), .runsOnBlockingThreads)
struct SpoolFullDiskTests {
    @Test func aFullSpoolLosesAndDuplicatesNothingOnceSpaceReturns() throws {
        let work = try TemporaryDirectory(prefix: "enospc")
        let spool = work.path + "/spool"
        let state = work.path + "/state"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", spool)
        defer { _ = try? Subprocess.run(URL(fileURLWithPath: "/bin/umount"), [spool]) }

        let arguments = ["burst", "--state", state, "--spool", spool, "--forums", "100", "--meetings", "20", "--batch", "50"]
        let full = try Subprocess.run(RepositoryPaths.executable("convene-bench"), arguments)
        #expect(full.status == 0, "\(full.stderr)")
        let failures = Int(full.stdout.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(failures > 0, "the 2 MiB spool should have filled up: \(full.stdout)")
        let before = try messageIDs(in: spool)
        #expect(before.count < 2000)

        try mount("-o", "remount,size=64m", spool)
        let after = try Subprocess.run(RepositoryPaths.executable("convene-bench"), arguments)
        #expect(after.status == 0, "\(after.stderr)")
        let ids = try messageIDs(in: spool)
        #expect(ids.count == 2000, "\(ids.count) messages")
        #expect(Set(ids).count == ids.count, "duplicates")
        #expect(Set(before).isSubset(of: Set(ids)))
        for forum in try FileManager.default.contentsOfDirectory(atPath: spool) {
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(spool)/\(forum)/tmp").isEmpty, "\(forum)/tmp")
        }
    }

    private func mount(_ arguments: String...) throws {
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/mount"), arguments)
        try #require(result.status == 0, "mount \(arguments): \(result.stderr)")
    }

    private func messageIDs(in spool: String) throws -> [String] {
        var ids: [String] = []
        for forum in try FileManager.default.contentsOfDirectory(atPath: spool) {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(spool)/\(forum)/new") {
                let text = try String(contentsOfFile: "\(spool)/\(forum)/new/\(name)", encoding: .utf8)
                if let line = text.split(separator: "\r\n").first(where: { $0.hasPrefix("Message-ID: ") }) {
                    ids.append(String(line))
                }
            }
        }
        return ids
    }
}
