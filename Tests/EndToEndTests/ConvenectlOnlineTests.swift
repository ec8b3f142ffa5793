import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `convenectl` against a running `convened`: what each command prints, and
/// the exit status for each way a request fails (0 ok, 2 bad input, 3 not running,
/// 4 not allowed, 5 not found, 6 clash).
@Suite(.runsOnBlockingThreads) struct ConvenectlOnlineTests {
    @Test func statusPrintsWhatTheDaemonIsDoing() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let result = try Self.convenectl(["status"], daemon)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.map { String($0.prefix(14)).trimmingCharacters(in: .whitespaces) }
                == ["state", "version", "configuration", "forums", "series", "venues", "next", "backlog", "last error", "inbox"])
        #expect(lines.contains("state         running"))
        #expect(lines.contains("forums        2"))
        #expect(lines.contains("series        1"))
        #expect(lines.contains("backlog       0"))
        #expect(lines.contains("inbox         0 in quarantine, 0 need a person, 0 contacts bouncing"))
        #expect(lines.contains("last error    none"))
        #expect(lines.contains { $0.hasPrefix("configuration \(daemon.config)/convened.toml (") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("next          ") && $0.contains(" to 2 forums at ") }, "\(lines)")

        let json = try Self.convenectl(["status", "--json"], daemon)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["forums"] as? Int == 2)
        #expect(object["state"] as? String == "running")
    }

    @Test func suggestAsksTheDaemonAndGetsWhatTheConfigurationAloneGivesWhenNoOneHasAnswered() throws {
        let shipped = RepositoryPaths.exampleConfig.deletingLastPathComponent()
        let daemon = try RunningDaemon(copying: shipped)
        defer { daemon.stop() }
        let arguments = ["suggest", "stakeholder-forum", "--from", "2027-01", "--top", "3", "--json"]
        let online = try Self.convenectl(arguments, daemon)
        #expect(online.status == 0, "\(online.stderr)")
        let offline = try Self.convenectl(arguments + ["--config", daemon.config + "/convened.toml"])
        #expect(offline.status == 0, "\(offline.stderr)")
        let a = try #require(try JSONSerialization.jsonObject(with: Data(online.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(offline.stdout.utf8)) as? [String: Any])
        // The daemon shows reasons to its admins; there are none to show here either way.
        #expect(
            NSDictionary(dictionary: a.filter { $0.key != "reasons_shown" })
                == NSDictionary(dictionary: b.filter { $0.key != "reasons_shown" }))
        #expect((a["suggestions"] as? [Any])?.count == 3)

        // The same route with curl, as any HTTP client would use it. Suggestions are worked
        // out at nice 10: on a machine busy with the rest of the run they take their time.
        let reply = try daemon.request(
            "GET", "/v1/series/stakeholder-forum/suggestions?from=2027-01&months=3&top=1", maxTime: 90)
        #expect(reply.status == 200)
        #expect((reply.object["suggestions"] as? [Any])?.count == 1 && reply.object["months"] as? Int == 3)
        let missing = try Self.convenectl(["suggest", "no-such-series"], daemon)
        #expect(missing.status == 5 && missing.stderr.contains("no meeting series \"no-such-series\""), "\(missing.stderr)")
    }

    @Test func forumsPrintsAHeaderAndOneRowPerForumWithinAHundredColumns() throws {
        let daemon = try RunningDaemon(forums: 3)
        defer { daemon.stop() }
        let result = try Self.convenectl(["forums"], daemon)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.stdout)")
        #expect(lines[0].split(separator: " ") == ["FORUM", "NAME", "DISTRICT", "UPCOMING"])
        for (n, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(
                cells.count == 5 && cells[0] == "forum-\(n)" && cells[1...2] == ["Forum", "\(n)"] && cells[3] == "north",
                "\(line)")
            #expect(Int(cells.last ?? "") ?? 0 > 0, "\(line)")
        }
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines)")
    }

    @Test func forumPrintsOneForum() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let result = try Self.convenectl(["forum", "forum-0"], daemon)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.stdout)")
        #expect(lines[0] == "Forum 0 (forum-0), north")
        #expect(lines[1] == "  contact    Secretary <forum0@example.org>")
        #expect(lines[2] == "  available  any time")
        #expect(lines[3].hasPrefix("  upcoming   ") && lines[3].hasSuffix(" meetings in the next three months"))
    }

    @Test func aDryRunCancelSaysNothingChanged() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let meeting = try daemon.invitedMeetings()[0]
        let result = try Self.convenectl(["cancel", meeting.uid, "--reason", "Flooded", "--dry-run"], daemon)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasPrefix("Dry run, nothing changed: would have cancelled daily, \(meeting.start)"),
            "\(result.stdout)")
        #expect(result.stdout.contains(": 2 forums would be told (cancellation)."))
        #expect(try daemon.meetings(fromDaysAhead: 2, to: 16).first { $0.uid == meeting.uid }?.status == "scheduled")
    }

    @Test func cancellingTheSameMeetingTwiceExitsWith6() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let meeting = try daemon.invitedMeetings()[0]
        let first = try Self.convenectl(["cancel", meeting.uid, "--reason", "Flooded"], daemon)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Cancelled daily, \(meeting.start)"), "\(first.stdout)")
        #expect(first.stdout.contains(": 2 forums will be told (cancellation)."))
        let second = try Self.convenectl(["cancel", meeting.uid, "--reason", "Flooded"], daemon)
        #expect(second.status == 6, "\(second.stdout)")
        #expect(second.stderr.contains("\(meeting.uid) is already cancelled"), "\(second.stderr)")
        #expect(second.stdout.isEmpty)
    }

    @Test func aMoveAndARestoreSayWhatTheyDid() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let meeting = try daemon.invitedMeetings()[0]
        let move = try Self.convenectl(["move", meeting.uid, "--to", meeting.date + "T20:00", "--reason", "Trains"], daemon)
        #expect(move.status == 0, "\(move.stderr)")
        #expect(move.stdout.hasPrefix("Moved daily, \(meeting.date)T20:00"), "\(move.stdout)")
        #expect(move.stdout.contains("(update)"))
        let restore = try Self.convenectl(["restore", meeting.uid], daemon)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.hasPrefix("Restored daily, \(meeting.start)"), "\(restore.stdout)")
        let again = try Self.convenectl(["restore", meeting.uid], daemon)
        #expect(again.status == 6, "nothing left to undo: \(again.stderr)")
    }

    @Test func anUnknownForumExitsWith5() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let result = try Self.convenectl(["forum", "nope"], daemon)
        #expect(result.status == 5)
        #expect(result.stderr.contains(#"convenectl: no forum "nope""#), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func aSocketNobodyAnswersOnExitsWith3() throws {
        let result = try Self.convenectl(["status", "--socket", "/nonexistent/x.sock"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("convened is not running (nothing answers on /nonexistent/x.sock)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        var environment = ProcessInfo.processInfo.environment
        environment["CONVENE_SOCKET"] = "/nonexistent/x.sock"
        let fromEnvironment = try Subprocess.run(RepositoryPaths.executable("convenectl"), ["forums"], environment: environment)
        #expect(fromEnvironment.status == 3)
        #expect(fromEnvironment.stderr.contains("convened is not running"), "\(fromEnvironment.stderr)")
    }

    @Test func aPeerOutsideTheAdminGroupMayLookButCancellingExitsWith4() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        #expect(chmod(daemon.socketPath, 0o666) == 0)
        let meeting = try daemon.invitedMeetings()[0]
        let status = try Self.convenectl(["status"], daemon, as: .nobody)
        #expect(status.status == 0, "\(status.stderr)")
        let cancel = try Self.convenectl(["cancel", meeting.uid, "--reason", "Flooded"], daemon, as: .nobody)
        #expect(cancel.status == 4, "\(cancel.stdout)")
        #expect(cancel.stderr.contains("only root and members of the admin group may change the schedule"), "\(cancel.stderr)")
    }

    @Test func aMoveToATimeThatIsNotOneExitsWith2() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let meeting = try daemon.invitedMeetings()[0]
        let result = try Self.convenectl(["move", meeting.uid, "--to", "next Tuesday", "--reason", "Trains"], daemon)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("start: expected a local date and time"), "\(result.stderr)")
    }

    @Test func notificationsListsTheLedgerRowsOfOneForum() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let result = try Self.convenectl(["notifications", "--forum", "forum-0"], daemon)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ") == ["WRITTEN", "FORUM", "KIND", "SEQ", "OCCURRENCE"])
        let rows = lines.dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == daemon.messages(for: "forum-0").count, "one row per message written")
        #expect(rows.allSatisfy { $0.count == 5 && $0[1] == "forum-0" && $0[2] == "invitation" && $0[3] == "0" }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 100 })
    }

    @Test func reloadSaysReloadedOrExitsWith2WithTheErrors() throws {
        let daemon = try RunningDaemon()
        defer { daemon.stop() }
        let valid = try Self.convenectl(["reload"], daemon)
        #expect(valid.status == 0 && valid.stdout == "reloaded\n", "\(valid.stderr)")
        try ServiceConfiguration.brokenSeries.write(
            toFile: daemon.config + "/meetings/broken.toml", atomically: true,
            encoding: .utf8)
        let broken = try Self.convenectl(["reload"], daemon)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.toml:2:13: error: rrule: "), "\(broken.stderr)")
        #expect(broken.stderr.contains("not reloaded: 1 error; the daemon keeps its configuration"))
    }

    /// `convenectl ARGUMENTS --socket <the daemon's>`, as root or as `account`.
    static func convenectl(
        _ arguments: [String], _ daemon: RunningDaemon? = nil,
        as account: RunningDaemon.Account? = nil
    ) throws -> Subprocess.Result {
        var command = [RepositoryPaths.executable("convenectl").path] + arguments
        if let daemon { command += ["--socket", daemon.socketPath] }
        if let account { command = account.wrap(command) }
        return try Subprocess.run(URL(fileURLWithPath: command[0]), Array(command.dropFirst()))
    }
}

/// The daemon's schedule prints as the same table as the offline one when no
/// coordinator has changed anything: the stored March 2027 of the shipped configuration.
@Suite(.runsOnBlockingThreads) struct ConvenectlOnlineScheduleTests {
    @Test func theDaemonsScheduleTableIsTheStoredOne() throws {
        let daemon = try RunningDaemon(copying: RepositoryPaths.root.appendingPathComponent("config"))
        defer { daemon.stop() }
        let result = try Subprocess.run(
            RepositoryPaths.executable("convenectl"),
            ["schedule", "--socket", daemon.socketPath, "--month", "2027-03"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = RepositoryPaths.root.appendingPathComponent("Tests/ConvenectlTests/Expected/schedule-2027-03.txt")
        #expect(result.stdout == (try String(contentsOf: expected, encoding: .utf8)))
    }
}
