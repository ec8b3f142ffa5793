import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A reload storm: 100 `systemctl reload`s, every other one with a broken meeting file,
/// then 100 SIGHUPs sent as fast as the shell can while the files keep changing. The
/// daemon stays up (same process, no restart), each broken reload is refused, logged and
/// reported as failed while the last good configuration runs, and after the storm the
/// configuration on disk is the one in force.
@Suite(.serialized, .runsOnBlockingThreads) struct ReloadStormTests {
    static let reloadFailed = "c0a00b7d48c74cec8a566ebbf0fc28f4"
    static let configLoaded = "56ad0b5b7c94479e91460672fa854559"

    private func title(_ unit: UserUnit) throws -> String? {
        let (_, body) = try unit.request("GET", "/v1/schedule?from=2027-03-10&to=2027-03-10")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let occurrences = object?["occurrences"] as? [[String: Any]] ?? []
        return occurrences.first { $0["meeting"] as? String == "extra" }?["title"] as? String
    }

    private func write(_ round: Int, broken: Bool, to config: String) throws {
        let brokenFile = config + "/meetings/broken.toml"
        if broken {
            try ServiceConfiguration.brokenSeries.write(toFile: brokenFile, atomically: true, encoding: .utf8)
        } else {
            try? FileManager.default.removeItem(atPath: brokenFile)
        }
        try """
        title     = "Extra \(round)"
        rrule     = "FREQ=WEEKLY;BYDAY=WE"
        dtstart   = 2027-03-03
        start     = "19:00"
        duration  = "PT1H"
        online    = "https://meet.example.org/extra"
        invite    = ["*"]

        """.write(toFile: config + "/meetings/extra.toml", atomically: true, encoding: .utf8)
    }

    @Test func aHundredReloadsHalfBrokenThenAHundredHangupsKeepItRunning() throws {
        let clocked = try ClockedUnit(forums: 4, clock: "2027-03-05T19:00:00Z", dropIn: "LogRateLimitIntervalSec=0")
        defer { clocked.remove() }
        let unit = clocked.unit
        try write(0, broken: false, to: unit.config)
        #expect(try unit.systemctl("start").status == 0)
        let pid = unit.mainPID

        for round in 1...100 {
            let broken = round.isMultiple(of: 2)
            try write(round, broken: broken, to: unit.config)
            // `systemctl reload` waits for the daemon's answer (ExecReload= is
            // `convenectl reload`), fails when the configuration is refused, and what
            // is in force as it returns is the outcome.
            let reload = try unit.systemctl("reload")
            #expect((reload.status == 0) == !broken, "reload \(round): \(reload.stderr)")
            #expect(try title(unit) == "Extra \(broken ? round - 1 : round)", "after reload \(round)")
        }
        // By the process, not the unit: on a busy machine journald does not always manage
        // to read a sender's cgroup, and such entries lack _SYSTEMD_UNIT. PIDs wrap (at
        // 32768 here), so an earlier test's daemon may have had this one's: the entries
        // must also name this unit's configuration, whose folder no other test uses.
        // Each refused reload logs its error (naming the file) and a summary. Both counts
        // are waited for: journald may index the last entries after the others.
        var loaded = 0
        var refused = 0
        let ours = { (entry: [String: String]) in entry["CONFIG_FILE"]?.hasPrefix(unit.config + "/") == true }
        try? SystemdUserManager.wait("every reload in the journal", timeout: .seconds(90)) {
            loaded = try SystemdUserManager.journal(["_PID=\(pid)", "MESSAGE_ID=\(Self.configLoaded)"]).count(where: ours)
            refused = try SystemdUserManager.journal(["_PID=\(pid)", "MESSAGE_ID=\(Self.reloadFailed)"])
                .count { ours($0) && $0["CONFIG_FILE"]?.hasSuffix("/meetings/broken.toml") == true }
            return loaded >= 1 + 50 && refused >= 50
        }
        #expect(loaded == 1 + 50, "configurations loaded: the first and 50 reloads")
        #expect(refused == 50, "refusals naming broken.toml")

        for round in 101...200 {
            try write(round, broken: round.isMultiple(of: 2), to: unit.config)
            #expect(kill(pid, SIGHUP) == 0)
        }
        try write(201, broken: false, to: unit.config)
        #expect(try unit.systemctl("reload").status == 0)
        #expect(try title(unit) == "Extra 201")
        #expect(unit.mainPID == pid, "the same daemon throughout")
        #expect(try unit.property("NRestarts") == "0")
        #expect(try unit.status()["state"] as? String == "running")
        try clocked.waitUntilSettled()
        let audit = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        audit.expectExactlyOnce()
    }
}
