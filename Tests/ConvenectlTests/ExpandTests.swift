import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct ExpandTests {
    /// The Stakeholder Forum's rule: the second Tuesday of every month at 10:00.
    static let secondTuesday = ["expand", "--rrule", "FREQ=MONTHLY;BYDAY=2TU", "--dtstart", "2027-01-12T10:00:00"]

    @Test func secondTuesdayKeepsTenOClockAcrossTheMarchClockChange() throws {
        let result = try Convenectl.run(Self.secondTuesday + ["--tz", "Europe/London", "--limit", "5"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "2027-01-12T10:00:00+00:00",
                    "2027-02-09T10:00:00+00:00",
                    "2027-03-09T10:00:00+00:00",
                    "2027-04-13T10:00:00+01:00",
                    "2027-05-11T10:00:00+01:00"))
        #expect(result.stderr == "")
    }

    @Test(arguments: [1, 3, 12])
    func limitCapsTheNumberOfInstances(_ limit: Int) throws {
        let result = try Convenectl.run(Self.secondTuesday + ["--tz", "Europe/London", "--limit", "\(limit)"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == limit)
        #expect(lines.first == "2027-01-12T10:00:00+00:00")
    }

    @Test func anEndlessRuleStopsAtOneHundredByDefault() throws {
        let result = try Convenectl.run(["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-01T09:00:00", "--tz", "UTC"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 100)
        #expect(lines.last == "2027-04-10T09:00:00+00:00")
    }

    @Test func fromAndToIncludeBothEndDays() throws {
        let result = try Convenectl.run(
            Self.secondTuesday + [
                "--tz", "Europe/London", "--from", "2027-02-09", "--to", "2027-04-13",
            ])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "2027-02-09T10:00:00+00:00",
                    "2027-03-09T10:00:00+00:00",
                    "2027-04-13T10:00:00+01:00"))
    }

    @Test func limitCountsFromTheStartOfTheWindow() throws {
        let result = try Convenectl.run(
            Self.secondTuesday + [
                "--tz", "Europe/London", "--from", "2027-06-01", "--limit", "2",
            ])
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-06-08T10:00:00+01:00", "2027-07-13T10:00:00+01:00"))
    }

    @Test func exdateRemovesAnInstanceAndRdateAddsOne() throws {
        let result = try Convenectl.run([
            "expand", "--rrule", "FREQ=MONTHLY;BYDAY=-1TH;COUNT=5 EXDATE:20261231 RDATE:20261223T170000,20270101",
            "--dtstart", "2026-09-24T18:30:00", "--tz", "Europe/London",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "2026-09-24T18:30:00+01:00",
                    "2026-10-29T18:30:00+00:00",
                    "2026-11-26T18:30:00+00:00",
                    "2026-12-23T17:00:00+00:00",
                    "2027-01-01T18:30:00+00:00",
                    "2027-01-28T18:30:00+00:00"))
    }

    @Test(arguments: [
        ("FREQ=MONTHLY;BYDAY=2XX", "BYDAY=2XX"),
        ("FREQ=SOMETIMES", "FREQ=SOMETIMES"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        // An empty rule is not "DTSTART alone": refused, not printed as one date.
        ("", "RRULE: the rule is empty"),
        ("  ", "RRULE: the rule is empty"),
    ])
    func aBadRuleExitsTwoNamingThePartAtFault(_ rule: String, _ part: String) throws {
        let result = try Convenectl.run(["expand", "--rrule", rule, "--dtstart", "2027-01-12T10:00:00", "--tz", "UTC"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("invalid rule: \(part)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        ["expand"],
        ["expand", "--rrule", "FREQ=DAILY"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12T10:00:00", "--limit", "0"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12T10:00:00", "--limit", "many"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12T10:00:00", "--from", "2027-02-30"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12T10:00:00", "--to", "next week"],
        ["expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-01-12T10:00:00", "--tz", "Europe/Lundon"],
        ["expand", "--batch", "-", "--rrule", "FREQ=DAILY"],
    ])
    func invalidOptionsExitSixtyFourWithAnError(_ arguments: [String]) throws {
        let result = try Convenectl.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
    }
}
