import ConveneConfig
import ConveneCore
import ConveneTestSupport
import Testing

/// The example in `config/` is what packagers install and what the documentation
/// describes, so it must load cleanly and say what the documentation says.
@Suite struct ShippedConfigurationTests {
    let result = ConfigurationLoader(mainFile: RepositoryPaths.exampleConfig.path).load()

    @Test func theShippedConfigurationLoadsWithoutErrorsOrWarnings() throws {
        #expect(result.errors.map(\.description) == [])
        #expect(result.warnings.map(\.description) == [])
        _ = try #require(result.configuration)
    }

    @Test func itHasTwentyFourForumsEachInOneOfSixDistricts() throws {
        let configuration = try #require(result.configuration)

        #expect(configuration.forums.count == 24)
        #expect(
            configuration.districts.map(\.id) == [
                "ashcombe-vale", "hollinbrook", "kingsmere", "marchbridge", "severnside", "wyreford",
            ])
        let districts = Set(configuration.districts.map(\.id))
        #expect(configuration.forums.filter { !districts.contains($0.district) }.map(\.id) == [])
        #expect(Set(configuration.districts.map(\.id)) == Set(configuration.forums.map(\.district)))
    }

    @Test func theStakeholderForumMeetsOnTheSecondTuesdayAtTenForTwoHoursWithEveryForum() throws {
        let configuration = try #require(result.configuration)
        let forum = try #require(configuration.series("stakeholder-forum"))

        #expect(forum.recurrence.rule?.description == "FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,2,3,4,5,6,7,9,10,11,12")
        #expect(
            forum.recurrence.start
                == LocalDateTime(
                    date: CivilDate(year: 2026, month: 9, day: 8)!,
                    time: LocalTime(hour: 10, minute: 0)!))
        #expect(forum.duration == ISODuration(seconds: 2 * 3600))
        #expect(forum.invited.count == 24)
        #expect(forum.invited == configuration.forums.map(\.id))
        #expect(forum.venue == "county-hall")
    }

    @Test func itsTermDatesRunFromSeptember2026ToJuly2028() throws {
        let configuration = try #require(result.configuration)
        let coverage = try #require(configuration.terms.coverage)

        #expect(coverage == CivilDate(year: 2026, month: 9, day: 3)!...CivilDate(year: 2028, month: 7, day: 21)!)
        #expect(configuration.terms.terms.count == 6)
        #expect(configuration.terms.terms.allSatisfy { $0.halfTerm != nil })
    }

    @Test func itsDropInIsReadAfterTheMainFileAndBeforeTheTermDates() {
        let names = result.files.map { $0.replacingOccurrences(of: RepositoryPaths.root.path + "/config/", with: "") }

        #expect(Array(names.prefix(3)) == ["convened.toml", "conf.d/50-local.toml", "term-dates.toml"])
        #expect(names.filter { $0.hasPrefix("forums/") }.count == 24)
        #expect(names.filter { $0.hasPrefix("meetings/") }.count == 11)
    }
}
