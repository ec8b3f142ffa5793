import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct HolidaysTests {
    @Test func englandAndWales2027IsExactlyTheGovUKList() throws {
        let result = try Convenectl.run(["holidays", "--year", "2027", "--region", "england-and-wales"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "2027-01-01\tNew Year’s Day",
                    "2027-03-26\tGood Friday",
                    "2027-03-29\tEaster Monday",
                    "2027-05-03\tEarly May bank holiday",
                    "2027-05-31\tSpring bank holiday",
                    "2027-08-30\tSummer bank holiday",
                    "2027-12-25\tChristmas Day",
                    "2027-12-26\tBoxing Day",
                    "2027-12-27\tChristmas Day (substitute day)",
                    "2027-12-28\tBoxing Day (substitute day)"))
        #expect(result.stderr == "")
    }

    @Test func scotlandHasStAndrewsDayAndSecondJanuaryButNotEasterMonday() throws {
        let result = try Convenectl.run(["holidays", "--year", "2027", "--region", "scotland"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains("2027-11-30\tSt Andrew’s Day"))
        #expect(lines.contains("2027-01-04\t2nd January (substitute day)"))
        #expect(lines.contains("2027-08-02\tSummer bank holiday"))
        #expect(!lines.contains { $0.hasSuffix("\tEaster Monday") })
    }

    @Test func theRegionComesFromTheConfigurationWhenNotGiven() throws {
        let fixture = try ConfigurationFixture.minimal(timeZone: "Europe/London", region: "northern-ireland")
        let result = try Convenectl.run(["holidays", "--year", "2027", "--config", fixture.mainFile.path])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").contains("2027-03-17\tSt Patrick’s Day"))
    }

    @Test func everyLineIsADateATabAndAName() throws {
        let result = try Convenectl.run(["holidays", "--year", "2026", "--region", "northern-ireland"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        for line in lines.dropLast() {
            #expect(line.wholeMatch(of: /2026-\d\d-\d\d\t[^\t]+/) != nil, "\(line)")
        }
    }

    @Test(arguments: [
        ["holidays"],
        ["holidays", "--year", "1899"],
        ["holidays", "--year", "10000"],
        ["holidays", "--year", "twenty"],
        ["holidays", "--year", "2027", "--region", "wales"],
    ])
    func invalidYearOrRegionExitsSixtyFour(_ arguments: [String]) throws {
        let result = try Convenectl.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
    }
}
