import Testing

/// Rules that RFC 5545 allows but a coordinator probably did not mean: worth a
/// warning, yet the configuration is used.
@Suite struct SeriesWarningTests {
    @Test func aDtstartTheRuleDoesNotGiveIsAWarningNamingTheRulesFirstDate() throws {
        let loaded = try LoadedConfiguration(fixture: "warnings/dtstart-not-in-rule")

        #expect(loaded.errors == [])
        #expect(
            loaded.warnings == [
                "meetings/monthly-forum.toml:3:12: warning: dtstart: 2026-09-01 (Tuesday) is not a date the rule gives, but it still counts as the first meeting (RFC 5545 DTSTART); the rule's first date is 2026-09-08"
            ])
        let series = try #require(loaded.result.configuration?.series("monthly-forum"))
        #expect(series.recurrence.start.date.description == "2026-09-01")
    }

    @Test func aDtstartTheRuleGivesRaisesNoWarning() throws {
        let loaded = try LoadedConfiguration(fixture: "valid/minimal")

        #expect(loaded.warnings == [])
    }

    @Test func allowEmptyMonthsTurnsTheEmptyMonthErrorIntoAWarning() throws {
        let loaded = try LoadedConfiguration(fixture: "warnings/empty-months-allowed")

        #expect(loaded.errors == [])
        #expect(loaded.warnings.count == 1)
        let expected =
            "meetings/monthly-forum.toml:2:12: warning: rrule: FREQ=MONTHLY;BYDAY=5FR gives no date in November 2026 (and … more months in the next 10 years); allowed by allow_empty_months"
        #expect(loaded.warnings.contains { diagnostic($0, matches: expected) }, "\(loaded.warnings)")
        #expect(loaded.result.configuration?.series("monthly-forum")?.allowEmptyMonths == true)
    }

    @Test func aLastFridayRuleHasADateEveryMonth() throws {
        let config = try TemporaryConfiguration()
        try config.write(
            """
            title    = "Monthly Forum"
            rrule    = "FREQ=MONTHLY;BYDAY=-1FR"
            dtstart  = 2026-09-25
            start    = "10:00"
            duration = "PT2H"
            venue    = "town-hall"
            invite   = ["*"]

            """, to: "meetings/monthly-forum.toml")

        let loaded = config.load()

        #expect(loaded.lines == [])
        #expect(loaded.result.configuration != nil)
    }
}
