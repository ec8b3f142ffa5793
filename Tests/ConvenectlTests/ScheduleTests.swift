import ConveneConfig
import ConveneCore
import ConveneProtocol
import ConveneTestSupport
import Foundation
import Testing

/// `convenectl schedule` on the shipped configuration: every month of 2027 prints, as
/// a table within 100 columns and as JSON, and no meeting falls on a closed day.
@Suite(.runsOnBlockingThreads) struct ScheduleTests {
    static let shipped = RepositoryPaths.exampleConfig.path
    static let months = (1...12).map { "2027-" + ($0 < 10 ? "0\($0)" : "\($0)") }

    private func document(_ arguments: [String]) throws -> ScheduleDocument {
        let result = try Convenectl.run(["schedule", "--config", Self.shipped, "--json"] + arguments)
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(ScheduleDocument.self, from: Data(result.stdout.utf8))
    }

    @Test(arguments: months)
    func noMeetingOfTheShippedConfigurationFallsOnAClosedDay(_ month: String) throws {
        let configuration = try #require(ConfigurationLoader(mainFile: Self.shipped).load().configuration)
        let occurrences = try document(["--month", month]).occurrences
        #expect(!occurrences.isEmpty)
        for item in occurrences where item.status == "scheduled" || item.status == "moved" {
            let date = try #require(CivilDate(String(item.start.prefix(10))))
            #expect(item.start.hasPrefix(month), "\(item.uid) is listed in \(month)")
            #expect(!configuration.bankHolidays.isBankHoliday(date), "\(item.uid) on a bank holiday")
            #expect(
                !configuration.closures.contains { $0.contains(date) && ($0.venue == nil || $0.venue == item.venue) },
                "\(item.uid) on a closure")
            if try #require(configuration.series(item.meeting)).termTimeOnly {
                #expect(configuration.terms.holiday(on: date) == nil, "\(item.uid) in the school holidays")
            }
        }
    }

    @Test(arguments: months)
    func everyMonthPrintsAsATableNoWiderThanOneHundredColumns(_ month: String) throws {
        let result = try Convenectl.run(["schedule", "--config", Self.shipped, "--month", month])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
        #expect(lines.contains { $0.hasPrefix("DATE ") && $0.hasSuffix(" REASON") })
        #expect(lines.contains { $0.contains(" meetings: ") || $0.contains(" meeting: ") })
    }

    @Test func theStakeholderForumIsOnTheSecondTuesdayAtTenWithItsDetails() throws {
        let items = try document(["--month", "2027-03"]).occurrences.filter { $0.meeting == "stakeholder-forum" }
        #expect(items.count == 1)
        let forum = try #require(items.first)
        #expect(forum.uid == "stakeholder-forum-20270309@example.org")
        #expect(forum.start == "2027-03-09T10:00:00+00:00")
        #expect(forum.end == "2027-03-09T12:00:00+00:00")
        #expect(forum.status == "scheduled")
        #expect(forum.reason == nil)
        #expect(forum.forums.count == 24)
        #expect(forum.online?.hasPrefix("https://") == true)
        #expect(!forum.cannotAttend.isEmpty, "the evening-only forums cannot come at 10:00")
    }

    @Test func jsonHasEveryDocumentedKeyWithNullForAbsentValues() throws {
        let result = try Convenectl.run(["schedule", "--config", Self.shipped, "--json", "--month", "2027-06"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(object["occurrences"] as? [[String: Any]])
        for item in items {
            #expect(
                Set(item.keys).isSuperset(of: [
                    "uid", "meeting", "title", "start", "end", "venue", "online", "forums",
                    "status", "reason", "cannot_attend",
                ]))
        }
        let skipped = try #require(items.first { $0["status"] as? String == "skipped" })
        #expect(
            skipped["reason"] as? String
                == "Skipped: Ashcombe Community Centre closed for refurbishment of the main hall and kitchen (7–20 Jun)")
        #expect(items.contains { $0["reason"] is NSNull })
    }

    @Test func aRangeCoversSeveralMonthsInTimeOrder() throws {
        let items = try document(["--from", "2027-01-01", "--to", "2027-12-31"]).occurrences
        let monthly = try (1...12).map { try document(["--month", Self.months[$0 - 1]]).occurrences }.flatMap { $0 }
        #expect(items == monthly)
        #expect(items.map(\.start) == items.map(\.start).sorted())
    }

    @Test(arguments: [
        ["--month", "2027-13"], ["--month", "2027-01", "--from", "2027-01-01", "--to", "2027-01-31"],
        ["--from", "2027-01-01"], ["--from", "2027-02-01", "--to", "2027-01-01"],
    ])
    func badRangesExitSixtyFour(_ arguments: [String]) throws {
        let result = try Convenectl.run(["schedule", "--config", Self.shipped] + arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }

    @Test func checkConfigListsTheMeetingsOfTheNextTwelveMonthsThatWillNotTakePlace() throws {
        let result = try Convenectl.run(["check-config", "--config", Self.shipped, "--from", "2027-01-01"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.dropFirst().first?.hasPrefix("2027-01-01 to 2027-12-31: ") == true)
        #expect(lines.contains("  2027-02-15  hollinbrook-drop-in: Skipped: school half-term (15–19 Feb)"))
        let listed = lines.dropFirst(2).count
        let missed = try document(["--from", "2027-01-01", "--to", "2027-12-31"]).occurrences
            .filter { $0.status != "scheduled" && $0.status != "moved" }
        #expect(listed == missed.count)
    }
}
