import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// "You said, we did" from `convenectl` against a running daemon on the shipped
/// configuration, its clock just after the March stakeholder forum.
@Suite(.runsOnBlockingThreads) struct ItemsEndToEndTests {
    static let march = "stakeholder-forum-20270309@example.org"

    static func daemon() throws -> (RunningDaemon, TemporaryDirectory) {
        let work = try TemporaryDirectory(prefix: "items")
        let clock = work.path + "/clock"
        try Data("2027-03-09T13:00:00Z\n".utf8).write(to: URL(fileURLWithPath: clock))
        let daemon = try RunningDaemon(
            copying: RepositoryPaths.exampleConfig.deletingLastPathComponent(), environment: ["CONVENE_TEST_CLOCK": clock])
        return (daemon, work)
    }

    static func run(_ arguments: [String], _ daemon: RunningDaemon, as account: RunningDaemon.Account? = nil) throws
        -> Subprocess.Result
    {
        try ConvenectlOnlineTests.convenectl(arguments, daemon, as: account)
    }

    @Test func aCoordinatorRecordsAnItemItsActionAndItsProgress() throws {
        let (daemon, work) = try Self.daemon()
        defer { daemon.stop() }
        _ = work
        let raised = try Self.run(
            [
                "raise", Self.march, "--forums", "chloes-circle,wyreford-dads", "--title", "Transport letters arrive too late",
                "--text", "Families hear about a new route the day before it starts.",
            ], daemon)
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout == "Recorded item 1: Transport letters arrive too late (open)\n")

        let named = try Self.run(["action", "1", "--owner", "Transport team", "--due", "2027-04-30"], daemon)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("Owner: Transport team, due 2027-04-30."))
        #expect(named.stdout.contains("nobody will be reminded"), "\(named.stdout)")
        let officer = try Self.run(["action", "1", "--owner", "transport", "--due", "2027-04-30"], daemon)
        #expect(officer.stdout.contains("Owner: Tom Whitlock, School Transport Manager, due 2027-04-30."), "\(officer.stdout)")
        #expect(!officer.stdout.contains("reminded"))

        let progress = try Self.run(
            ["update", "1", "--status", "in_progress", "--note", "Letters now go out three weeks ahead"], daemon)
        #expect(
            progress.status == 0 && progress.stdout.hasPrefix("Updated item 1: Transport letters arrive too late (in progress)"))
        let done = try Self.run(["update", "1", "--status", "done"], daemon)
        #expect(done.status == 0, "\(done.stderr)")
        let back = try Self.run(["update", "1", "--status", "open"], daemon)
        #expect(back.status == 2, "a step back without a reason is bad input")
        #expect(back.stderr.contains("going from done to open needs --reason"), "\(back.stderr)")

        let json = try Self.run(["items", "--json"], daemon)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let item = try #require((document["items"] as? [[String: Any]])?.first)
        #expect(item["status"] as? String == "done" && item["owner"] as? String == "transport")
        #expect(item["meeting"] as? String == "Parent/Carer Stakeholder Forum")
        #expect(
            (item["history"] as? [[String: Any]])?.map { $0["kind"] as? String } == [
                "raised", "action", "action", "status", "status",
            ])

        let table = try Self.run(["items"], daemon)
        #expect(table.stdout.hasPrefix("ITEM  RAISED      FORUMS"), "\(table.stdout)")
        #expect(table.stdout.hasSuffix("1 item: 0 not finished, 0 overdue\n"), "\(table.stdout)")
        let csv = try Self.run(["items", "--csv", "--status", "done"], daemon)
        #expect(csv.stdout.hasPrefix("item,occurrence,meeting,"))
        #expect(csv.stdout.split(separator: "\r\n").count == 2)
        #expect(try Self.run(["items", "--forum", "chloes-circle", "--status", "open"], daemon).stdout == "No items.\n")

        // The figures an inspection asks for: one item each, answered at once, done by its date.
        let report = try Self.run(["items", "--report", "--from", "2027-01-01", "--to", "2027-12-31", "--json"], daemon)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let rows = try #require(figures["forums"] as? [[String: Any]])
        #expect(rows.map { $0["forum"] as? String } == ["chloes-circle", "wyreford-dads"])
        let total = try #require(figures["total"] as? [String: Any])
        #expect(total["raised"] as? Int == 1 && total["responded"] as? Int == 1)
        #expect(total["median_days_to_first_response"] as? Double == 0)
        #expect(total["due"] as? Int == 1 && total["done_by_due"] as? Int == 1 && total["share_done_by_due"] as? Double == 1)
        let csvReport = try Self.run(["items", "--report", "--from", "2027-01-01", "--to", "2027-12-31", "--csv"], daemon)
        #expect(
            csvReport.stdout.hasPrefix(
                "forum,raised,responded,median_days_to_first_response,due,done_by_due,share_done_by_due\r\n"))
        #expect(csvReport.stdout.contains("\r\nall forums,1,1,0.0,1,1,1.0\r\n"), "\(csvReport.stdout)")
        let outside = try Self.run(["items", "--report", "--from", "2027-04-01", "--to", "2027-04-30", "--json"], daemon)
        #expect(outside.stdout.contains("\"raised\":0"), "nothing raised in April")
    }

    @Test func aMeetingStillToComeAndAPeerOutsideTheAdminGroupAreRefused() throws {
        let (daemon, work) = try Self.daemon()
        defer { daemon.stop() }
        _ = work
        let april = try Self.run(
            ["raise", "stakeholder-forum-20270413@example.org", "--forums", "chloes-circle", "--title", "x"], daemon)
        #expect(april.status == 6, "a meeting still to come: agenda items are not kept")
        #expect(april.stderr.contains("has not started yet"), "\(april.stderr)")
        #expect(chmod(daemon.socketPath, 0o666) == 0)
        let refused = try Self.run(["raise", Self.march, "--forums", "chloes-circle", "--title", "x"], daemon, as: .nobody)
        #expect(refused.status == 4, "\(refused.stderr)")
        let list = try Self.run(["items"], daemon, as: .nobody)
        #expect(list.status == 0 && list.stdout == "No items.\n", "reading is open; nothing was recorded")
    }
}
