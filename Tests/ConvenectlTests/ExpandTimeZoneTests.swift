import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct ExpandTimeZoneTests {
    /// A July morning: +00:00 in UTC, +01:00 in London, -04:00 in New York, so the
    /// offset printed shows which zone was used.
    static let julyMorning = ["expand", "--rrule", "FREQ=DAILY;COUNT=2", "--dtstart", "2027-07-13T10:00:00"]

    /// `nil` leaves CONVENE_CONFIG unset; an empty value must count as unset too.
    @Test(arguments: [nil, ""] as [String?])
    func withoutAConfigurationTheZoneIsUTC(_ configEnvironment: String?) throws {
        var arguments = Self.julyMorning
        // The installed file would be read, so on a machine that has one the
        // closest check is a configuration chosen explicitly in UTC.
        let fixture = Convenectl.hasInstalledConfig ? try ConfigurationFixture.minimal(timeZone: "UTC") : nil
        if let fixture { arguments += ["--config", fixture.mainFile.path] }
        let result = try Convenectl.run(arguments, configEnvironment: configEnvironment)
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-07-13T10:00:00+00:00", "2027-07-14T10:00:00+00:00"))
    }

    @Test func configOptionGivesTheOrganisationsZone() throws {
        let fixture = try ConfigurationFixture.minimal(timeZone: "America/New_York")
        let result = try Convenectl.run(Self.julyMorning + ["--config", fixture.mainFile.path])
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-07-13T10:00:00-04:00", "2027-07-14T10:00:00-04:00"))
    }

    @Test func environmentVariableGivesTheOrganisationsZone() throws {
        let fixture = try ConfigurationFixture.minimal(timeZone: "America/New_York")
        let result = try Convenectl.run(Self.julyMorning, configEnvironment: fixture.mainFile.path)
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-07-13T10:00:00-04:00", "2027-07-14T10:00:00-04:00"))
    }

    @Test func tzOverridesTheConfiguration() throws {
        let fixture = try ConfigurationFixture.minimal(timeZone: "America/New_York")
        let result = try Convenectl.run(Self.julyMorning + ["--config", fixture.mainFile.path, "--tz", "Europe/London"])
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-07-13T10:00:00+01:00", "2027-07-14T10:00:00+01:00"))
    }

    @Test func aChosenConfigurationThatCannotBeReadExitsOne() throws {
        let directory = try TemporaryDirectory(prefix: "convenectl-missing")
        let path = directory.url.appendingPathComponent("absent.toml").path
        let result = try Convenectl.run(Self.julyMorning, configEnvironment: path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("\(path): error: cannot read the file"))
    }

    @Test func aTimeTheClocksSkipMovesForwardByTheGap() throws {
        let result = try Convenectl.run([
            "expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-03-28T01:30:00", "--tz", "Europe/London", "--limit", "2",
        ])
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-03-28T02:30:00+01:00", "2027-03-29T01:30:00+01:00"))
    }

    @Test func aTimeTheClocksRepeatIsTakenTheFirstTime() throws {
        let result = try Convenectl.run([
            "expand", "--rrule", "FREQ=DAILY", "--dtstart", "2027-10-31T01:30:00", "--tz", "Europe/London", "--limit", "2",
        ])
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("2027-10-31T01:30:00+01:00", "2027-11-01T01:30:00+00:00"))
    }

    /// RFC 5545 §3.8.5.3: the recurrence set is a set, "duplicate instances are
    /// ignored". Times the clocks skip move forward onto times that exist, so a
    /// sub-daily rule or an RDATE in the gap can land on an instance already given.
    @Test(arguments: [
        ["--rrule", "FREQ=HOURLY;COUNT=4", "--dtstart", "2027-03-28T00:30:00"],
        ["--rrule", "FREQ=MINUTELY;INTERVAL=30;COUNT=5", "--dtstart", "2027-03-28T00:30:00"],
        ["--rrule", "FREQ=DAILY;COUNT=2 RDATE:20270328T013000", "--dtstart", "2027-03-28T02:30:00"],
    ])
    func instancesAroundTheSpringGapAreDistinctAndInOrder(_ rule: [String]) throws {
        let result = try Convenectl.run(["expand"] + rule + ["--tz", "Europe/London"])
        #expect(result.status == 0)
        let formatter = ISO8601DateFormatter()
        let instants = result.stdout.split(separator: "\n").compactMap { formatter.date(from: String($0)) }
        #expect(instants.count >= 2)
        #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 }, "\(result.stdout)")
    }
}
