import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct DatesTests {
    private func dates(_ month: String) throws -> Subprocess.Result {
        try Convenectl.run(["dates", "--config", RepositoryPaths.exampleConfig.path, "--month", month])
    }

    /// The Stakeholder Forum's meeting, in GMT before the clocks change and BST after.
    @Test(arguments: [
        ("2027-03", "2027-03-09T10:00:00+00:00\t2027-03-09T12:00:00+00:00"),
        ("2027-04", "2027-04-13T10:00:00+01:00\t2027-04-13T12:00:00+01:00"),
    ])
    func stakeholderForumIsOnTheSecondTuesdayFromTenToTwelve(_ month: String, _ times: String) throws {
        let result = try dates(month)
        #expect(result.status == 0)
        let forum = result.stdout.split(separator: "\n").filter { $0.contains("\tstakeholder-forum\t") }
        #expect(forum == ["\(times)\tstakeholder-forum\tParent/Carer Stakeholder Forum"])
    }

    @Test func eachLineIsStartEndSeriesAndTitleInTimeOrder() throws {
        let result = try dates("2027-03")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.count >= 2)
        for row in rows {
            try #require(row.count == 4, "\(row)")
            #expect(row[0].hasPrefix("2027-03-"))
            #expect(row[0] < row[1])
            #expect(row[2].wholeMatch(of: /[a-z0-9-]+/) != nil)
        }
        let starts = rows.map { $0[0] }
        #expect(starts == starts.sorted())
    }

    @Test func aMonthBeforeAnySeriesStartsIsEmpty() throws {
        let result = try dates("2025-01")
        #expect(result.status == 0)
        #expect(result.stdout == "")
    }

    @Test(arguments: ["2027-13", "2027", "March"])
    func anInvalidMonthExitsSixtyFour(_ month: String) throws {
        let result = try dates(month)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --month"), "\(result.stderr)")
    }

    @Test func aBrokenConfigurationExitsOneWithItsErrors() throws {
        let fixture = try ConfigurationFixture.broken()
        let result = try Convenectl.run(["dates", "--config", "convened.toml", "--month", "2027-03"], in: fixture.directory.url)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == Convenectl.lines(
                    ConfigurationFixture.brokenErrors + [
                        "convened.toml: 6 errors; the configuration was not used"
                    ]))
    }
}
