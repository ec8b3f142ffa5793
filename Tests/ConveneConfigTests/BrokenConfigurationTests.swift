import ConveneConfig
import Foundation
import Testing

@Suite struct BrokenConfigurationTests {
    @Test func theMinimalBaseOfEveryBrokenFixtureLoadsWithoutAnyDiagnostic() throws {
        let loaded = try LoadedConfiguration(fixture: "valid/minimal")

        #expect(loaded.lines == [])
        let configuration = try #require(loaded.result.configuration)
        #expect(configuration.forums.map(\.id) == ["north-parents"])
        #expect(configuration.series.map(\.id) == ["monthly-forum"])
    }

    @Test("Each broken configuration is rejected with one located error", arguments: BrokenFixture.all)
    func eachBrokenConfigurationIsRejected(_ fixture: BrokenFixture) throws {
        let loaded = try LoadedConfiguration(fixture: "broken/" + fixture.name)

        #expect(loaded.result.configuration == nil)
        #expect(
            loaded.errors.contains { diagnostic($0, matches: fixture.error) },
            "expected \(fixture.error)\nfound:\n\(loaded.lines.joined(separator: "\n"))")
        // One fault, one error: a second would be a follow-on report that hides the cause.
        #expect(loaded.errors.count == 1, "\(loaded.errors.joined(separator: "\n"))")
    }

    @Test func everyBrokenFixtureFolderIsInTheTableOnce() throws {
        let names = BrokenFixture.all.map(\.name)
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("broken").path)

        #expect(Set(names).count == names.count)
        #expect(Set(names) == Set(folders).subtracting(["many-faults"]))
        #expect(names.count >= 24)
    }

    @Test func faultsInSevenFilesAreAllReportedByOneLoad() throws {
        let loaded = try LoadedConfiguration(fixture: "broken/many-faults")

        #expect(loaded.result.configuration == nil)
        let expected = [
            #"convened.toml:6:13: error: organisation.region: unknown bank holiday region "wales"; …"#,
            "conf.d/50-local.toml:2:29: error: notifications.publish_days_before_month: 90 is out of range; expected a whole number from 0 to 60",
            "term-dates.toml:10:9: error: term[1].end: the term ends (2026-03-25) before it starts (2027-01-05)",
            #"forums/north-parents.toml:4:33: error: contacts[0].email: is not an email address: it has no "@"; …"#,
            #"forums/south-parents.toml:1:12: error: unterminated string (expected a closing '"' before the end of the line)"#,
            #"meetings/drop-in.toml:2:12: error: rrule: invalid rule: BYDAY=2XX: "2XX" is not a weekday; …"#,
            #"meetings/monthly-forum.toml:4:12: error: start: "25:00" is not a time of day; …"#,
            #"meetings/monthly-forum.toml:6:12: error: venue: unknown venue "town-hal"; did you mean "town-hall"?"#,
        ]
        for error in expected {
            #expect(loaded.errors.contains { diagnostic($0, matches: error) }, "missing \(error)")
        }
        #expect(loaded.errors.count == expected.count, "\(loaded.errors.joined(separator: "\n"))")
        #expect(
            loaded.files == [
                "convened.toml", "conf.d/50-local.toml", "term-dates.toml",
                "forums/north-parents.toml", "forums/south-parents.toml",
                "meetings/drop-in.toml", "meetings/monthly-forum.toml",
            ])
    }

    @Test(arguments: [
        ("a…c", "abc", true), ("a…c", "abbbc", true), ("a…c", "ac", true), ("a…c", "abd", false),
        ("ab…b", "ab", false), ("abc", "abc", true), ("abc", "abcd", false), ("a…b…c", "a-c-b", false),
    ])
    func anEllipsisInAnExpectedDiagnosticStandsForAnyText(expected: String, line: String, matches: Bool) {
        #expect(diagnostic(line, matches: expected) == matches)
    }
}
