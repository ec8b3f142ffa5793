import ConveneTestSupport
import Foundation
import Testing

/// `convenectl suggest` on the shipped configuration, checked the way a coordinator
/// would: the top suggestion written into a copy of the configuration by hand, and
/// `convenectl schedule` run on it, month by month.
@Suite(.runsOnBlockingThreads) struct SuggestTests {
    static let series = "stakeholder-forum"
    static let year = (from: "2027-01-01", to: "2027-12-31")

    static func suggest(_ extra: [String] = []) throws -> [String: Any] {
        let result = try Convenectl.run(
            ["suggest", series, "--config", RepositoryPaths.exampleConfig.path, "--from", "2027-01", "--json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// The forums able to come to the stakeholder forum each month of 2027, as
    /// `convenectl schedule --json` reports them for the configuration at `config`:
    /// invited less those that cannot attend, nothing for a meeting that does not take place.
    static func monthly(config: String) throws -> [String: Double] {
        let result = try Convenectl.run(["schedule", "--config", config, "--from", year.from, "--to", year.to, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let occurrences = try #require(document["occurrences"] as? [[String: Any]])
        var able: [String: [Int]] = [:]
        for occurrence in occurrences where occurrence["meeting"] as? String == series {
            let start = try #require(occurrence["start"] as? String)
            let status = occurrence["status"] as? String
            let forums = (occurrence["forums"] as? [String])?.count ?? 0
            let cannot = (occurrence["cannot_attend"] as? [String])?.count ?? 0
            able[String(start.prefix(7)), default: []].append(status == "scheduled" || status == "moved" ? forums - cannot : 0)
        }
        return able.mapValues { Double($0.reduce(0, +)) / Double($0.count) }
    }

    @Test func theTopSuggestionBeatsEighteenOfTwentyFourAndScheduleConfirmsItMonthByMonth() throws {
        let document = try Self.suggest()
        let current = try #require(document["current"] as? [String: Any])
        #expect(current["forums_able_average"] as? Double == 18 && current["invited"] as? Int == 24)
        #expect(current["rule"] as? String == "FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,2,3,4,5,6,7,9,10,11,12")
        let top = try #require((document["suggestions"] as? [[String: Any]])?.first)
        let average = try #require(top["forums_able_average"] as? Double)
        #expect(average > 18)
        #expect(top["gains"] as? [String] == ["chloes-circle"], "Chloé's Circle can only do Mondays, Wednesdays and Fridays")

        // The suggestion written into a copy of the configuration by hand.
        let copy = try TemporaryDirectory(prefix: "convene-suggest")
        let config = copy.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryPaths.exampleConfig.deletingLastPathComponent(), to: config)
        let file = config.appendingPathComponent("meetings/\(Self.series).toml")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let key = line.prefix { $0 != " " && $0 != "=" }
            switch key {
            case "rrule": lines[index] = "rrule = \"\(top["rule"] as! String)\""
            case "dtstart": lines[index] = "dtstart = \(top["dtstart"] as! String)"
            case "start": lines[index] = "start = \"\(top["start"] as! String)\""
            case "venue": lines[index] = "venue = \"\(top["venue"] as! String)\""
            default: break
            }
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let before = try Self.monthly(config: RepositoryPaths.exampleConfig.path)
        let after = try Self.monthly(config: config.appendingPathComponent("convened.toml").path)
        #expect(before.count == 11 && after.count == 11, "no meeting in August, either way")
        #expect(before.values.allSatisfy { $0 == 18 })
        for (month, able) in after.sorted(by: { $0.key < $1.key }) {
            #expect(able >= before[month] ?? .infinity, "\(month): \(able) forums, \(before[month] ?? 0) now")
        }
        #expect(after.values.reduce(0, +) > before.values.reduce(0, +))
        // What the suggestion said, month by month, is what the schedule shows.
        let said = try #require(top["monthly"] as? [[String: Any]])
        #expect(said.count == after.count)
        for month in said {
            let name = try #require(month["month"] as? String)
            #expect(month["forums_able"] as? Double == after[name].map { ($0 * 100).rounded() / 100 }, "\(name)")
        }
        #expect(average == (after.values.reduce(0, +) / Double(after.count) * 100).rounded() / 100)
    }

    @Test func theTableSaysWhoGainsWhatMovesAndWhatToWrite() throws {
        let result = try Convenectl.run(
            ["suggest", Self.series, "--config", RepositoryPaths.exampleConfig.path, "--from", "2027-01", "--top", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("Parent/Carer Stakeholder Forum: 24 forums invited; "))
        #expect(text.contains(" slots tried over 12 months from January 2027.\n"))
        #expect(text.contains("\nnow  2nd Tue  10:00–12:00  County Hall, Council Chamber  18/24"))
        #expect(text.contains("18/24"))
        #expect(text.contains("\nNow, 2nd Tuesday of the month (not August), 10:00–12:00:\n"))
        #expect(
            text.contains("\n   Chloé's Circle cannot come to any of the 11 meetings: they are outside its hours (Mondays,\n"))
        #expect(text.contains("\n1. "))
        #expect(text.contains("\n3. "))
        #expect(!text.contains("\n4. "), "--top 3")
        #expect(text.contains("   Gains: Chloé's Circle."))
        #expect(text.contains("   Pushes aside: "))
        #expect(text.contains("To use it, in the series' file: rrule ="))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 }, "no line wider than 100 columns")
    }

    @Test func theSameInputGivesTheSameRanking() throws {
        let arguments = ["suggest", Self.series, "--config", RepositoryPaths.exampleConfig.path, "--from", "2027-01", "--json"]
        let first = try Convenectl.run(arguments)
        let second = try Convenectl.run(arguments)
        #expect(first.status == 0 && first.stdout == second.stdout)
    }

    @Test(arguments: [
        (["no-such-series"], 5, "no meeting series \"no-such-series\""),
        ([Self.series, "--months", "0"], 64, "months: expected a whole number from 1 to 24, not \"0\""),
        ([Self.series, "--top", "51"], 64, "top: expected a whole number from 1 to 50, not \"51\""),
        ([Self.series, "--from", "2027-13"], 64, "from: expected YYYY-MM, not \"2027-13\""),
    ])
    func badInputIsRefusedWithItsReason(_ arguments: [String], status: Int32, says: String) throws {
        let result = try Convenectl.run(["suggest"] + arguments + ["--config", RepositoryPaths.exampleConfig.path])
        #expect(result.status == status)
        #expect(result.stderr.contains(says), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
