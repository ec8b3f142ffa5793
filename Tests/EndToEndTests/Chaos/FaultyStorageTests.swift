import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon under its unit when storage fails: a spool filesystem that fills up, and
/// a state directory that is read-only. Mounting needs root, as CI runs.
@Suite(.serialized, .enabled(if: getuid() == 0 || ProcessInfo.processInfo.environment["CI"] == "true"), .runsOnBlockingThreads)
struct FaultyStorageTests {
    static let notificationRetry = "8d34e34b895d46edaf929eaf88fc03d2"

    private func mount(_ arguments: String...) throws {
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/mount"), arguments)
        try #require(result.status == 0, "mount \(arguments): \(result.stderr)")
    }

    /// A 1 MiB spool fills after a few hundred of the 3,000-odd invitations; the daemon
    /// keeps running, says which forums wait, and retries. Once the filesystem is made
    /// larger and the retry time comes, every invitation is there exactly once.
    @Test func aSpoolThatFillsUpLosesNothingOnceThereIsRoomAgain() throws {
        let clocked = try ClockedUnit(forums: 25, clock: "2027-03-05T19:00:00Z")
        let unit = clocked.unit
        try FileManager.default.createDirectory(atPath: unit.spool, withIntermediateDirectories: true)
        try mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", unit.spool)
        defer {
            _ = try? unit.systemctl("stop")
            _ = try? Subprocess.run(URL(fileURLWithPath: "/bin/umount"), [unit.spool])
            clocked.remove()
        }
        #expect(try unit.systemctl("start").status == 0)
        let pid = unit.mainPID
        try SystemdUserManager.wait("the spool to fill up") {
            (try unit.status()["last_error"] as? String)?.contains("No space left on device") == true
        }
        let retries = try unit.journal(["MESSAGE_ID=\(Self.notificationRetry)"])
        #expect(
            retries.contains { $0["PRIORITY"] == "4" && $0["FORUM_ID"] != nil && $0["NOTIFICATION_ID"] != nil },
            "a warning naming the forum and the notification")
        let full = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        #expect(full.duplicates.count == 0)
        #expect(full.stillDue.count > 0, "the spool should have filled before everything was written")
        #expect(
            Set(full.files.keys).symmetricDifference(full.written).count == 0,
            "what is in the ledger is in the spool, and no more")

        try mount("-o", "remount,size=64m", unit.spool)
        // An hour later every retry (15 s, doubling, at most 15 min) has come round.
        try clocked.setClock("2027-03-05T20:00:00Z")
        try clocked.waitUntilSettled()
        #expect(try unit.status()["last_error"] == nil || (try unit.status()["last_error"] is NSNull))
        let audit = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        audit.expectExactlyOnce()
        #expect(audit.files.count > full.files.count)
        #expect(unit.mainPID == pid, "the same daemon throughout")
    }

    /// A read-only state directory (ReadOnlyPaths= in a drop-in): the daemon does not
    /// start, says why and where, and writes nothing; made writable again, it sends
    /// what fell due meanwhile, once. Tried on a fresh start and with a ledger from an
    /// earlier run.
    @Test func aReadOnlyStateDirectoryStopsTheStartAndLosesNothing() throws {
        let clocked = try ClockedUnit(forums: 4, clock: "2027-03-05T19:00:00Z")
        defer { clocked.remove() }
        let unit = clocked.unit
        try FileManager.default.createDirectory(atPath: unit.state, withIntermediateDirectories: true)

        try unit.setDropIn("read-only", "ReadOnlyPaths=\(unit.state)")
        try expectRefusedToStart(unit)
        let spoolFiles = (try? FileManager.default.subpathsOfDirectory(atPath: unit.spool)) ?? []
        #expect(spoolFiles.allSatisfy { !$0.contains("/new/") }, "nothing is written without the ledger")

        try unit.setDropIn("read-only", nil)
        _ = try unit.systemctl("reset-failed")
        #expect(try unit.systemctl("start").status == 0)
        try clocked.waitUntilSettled()
        #expect(try unit.systemctl("stop").status == 0)
        let march = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        march.expectExactlyOnce()

        // April is published while the state is read-only.
        try clocked.setClock("2027-03-20T19:00:00Z")
        try unit.setDropIn("read-only", "ReadOnlyPaths=\(unit.state)")
        try expectRefusedToStart(unit)
        let waiting = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        let unchanged = waiting.files == march.files
        #expect(unchanged, "nothing is written while the ledger cannot record it")

        try unit.setDropIn("read-only", nil)
        _ = try unit.systemctl("reset-failed")
        #expect(try unit.systemctl("start").status == 0)
        try clocked.waitUntilSettled()
        let after = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        after.expectExactlyOnce()
        #expect(after.files.count > march.files.count)
    }

    private func expectRefusedToStart(_ unit: UserUnit, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = try unit.systemctl("start")
        #expect(start.status != 0, "start should fail", sourceLocation: sourceLocation)
        #expect(try unit.property("ExecMainStatus") == "71", sourceLocation: sourceLocation)
        _ = try unit.systemctl("stop")
        let said = try unit.journal(["PRIORITY=2"]).compactMap { $0["MESSAGE"] }
        #expect(
            said.contains { $0.contains("state directory \(unit.state) is not writable (Read-only file system)") },
            "\(said)", sourceLocation: sourceLocation)
    }
}
