import Testing

/// Mistakes the loader once made, each pinned so it cannot come back: one fault gives
/// one message, config-wide warnings name the main file, every overlap is reported,
/// BYMONTH's left-out months are not "empty months", a rule with a meeting every
/// minute is refused without listing ten years of them, and a diagnostic is one line.
@Suite struct LoaderRegressionTests {
    private static let series = """
        title    = "Quarterly Review"
        rrule    = "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=3WE"
        dtstart  = 2026-10-21
        start    = "10:00"
        duration = "PT2H"
        venue    = "town-hall"
        invite   = ["*"]

        """

    @Test func aVenueWithABadValueIsNotAlsoReportedAsUndefinedByItsSeries() throws {
        let config = try TemporaryConfiguration()
        try config.write(
            try String(contentsOf: config.folder.appendingPathComponent("convened.toml"), encoding: .utf8)
                .replacingOccurrences(of: "capacity  = 40", with: "capacity  = \"forty\""), to: "convened.toml")

        let loaded = config.load()

        #expect(
            loaded.errors.first
                == #"convened.toml:17:13: error: venue[0].capacity: expected a whole number from 1 to 10000, found string "forty""#
        )
        #expect(loaded.errors.count == 1, "\(loaded.errors)")
    }

    @Test func aForumWithABadValueIsNotAlsoReportedAsUnknownByItsSeries() throws {
        let config = try TemporaryConfiguration()
        try config.write(
            """
            name     = "North Parents"
            district = "riverside"
            contacts = [{ name = "Secretary", email = "north@example.org" }]

            """, to: "forums/north-parents.toml")
        try config.write(
            Self.series.replacingOccurrences(of: "[\"*\"]", with: "[\"north-parents\"]")
                .replacingOccurrences(of: "BYMONTH=1,4,7,10;", with: ""), to: "meetings/monthly-forum.toml")

        let loaded = config.load()

        #expect(
            loaded.errors.first == #"forums/north-parents.toml:2:12: error: district: unknown district "riverside"; known: north"#
        )
        #expect(loaded.errors.count == 1, "\(loaded.errors)")
    }

    @Test func theNoForumsWarningNamesTheMainFile() throws {
        let config = try TemporaryConfiguration()
        try config.remove("forums")

        let loaded = config.load()

        #expect(loaded.errors == [])
        #expect(loaded.result.configuration != nil)
        #expect(loaded.warnings == ["convened.toml: warning: no forums are configured (expected files in forums/)"])
    }

    @Test func everyOverlappingPairOfTermsIsReported() throws {
        let config = try TemporaryConfiguration(copying: "valid/with-term-dates")
        try config.append(
            """

            [[term]]
            name  = "Whole year"
            start = 2026-09-01
            end   = 2027-07-20

            """, to: "term-dates.toml")

        let loaded = config.load()

        #expect(loaded.result.configuration == nil)
        #expect(
            loaded.errors.contains {
                $0.hasPrefix(
                    #"term-dates.toml:1:1: error: term[0]: term "Autumn 2026" (2026-09-03–2026-12-18) overlaps "Whole year""#)
            })
        #expect(
            loaded.errors.contains {
                $0.hasPrefix(
                    #"term-dates.toml:7:1: error: term[1]: term "Spring 2027" (2027-01-05–2027-03-25) overlaps "Whole year""#)
            }, "\(loaded.errors)")
    }

    /// Found by `fuzz-config`: the rule checks listed every instance for ten years, so
    /// FREQ=MINUTELY (or SECONDLY) kept check-config and a reload busy for hours.
    @Test(arguments: ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=DAILY;BYHOUR=9,10,11,12;BYMINUTE=0,30"])
    func aRuleWithMeetingsEveryFewMinutesIsAnErrorFoundQuickly(_ rule: String) throws {
        let config = try TemporaryConfiguration()
        try config.write(
            Self.series.replacingOccurrences(of: "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=3WE", with: rule),
            to: "meetings/quarterly-review.toml")

        let loaded = config.load()

        #expect(loaded.result.configuration == nil)
        #expect(
            loaded.errors == [
                "meetings/quarterly-review.toml:2:12: error: rrule: \(rule) gives more than 10000 meetings in the next 10 years; a series meets at most a few times a day"
            ])
    }

    /// Found by `fuzz-config`: a file name with a carriage return was printed as it
    /// is, so its diagnostic took two lines (and a name could fake a diagnostic).
    @Test func aFileNameWithALineBreakGivesADiagnosticOfOneLine() throws {
        let config = try TemporaryConfiguration()
        try config.write("name = \"North Parents\"\n", to: "forums/north-pa\rents.toml")

        let loaded = config.load()

        #expect(loaded.errors.count == 1)
        #expect(loaded.errors.allSatisfy { !$0.contains(where: \.isNewline) })
        #expect(
            loaded.errors.first?.hasPrefix(
                #"forums/north-pa\u{D}ents.toml: error: the file name gives the id, and "north-pa\u{D}ents" is not a valid id"#)
                == true,
            "\(loaded.errors)")
    }

    @Test func aQuarterlyMonthlyRuleIsNotAnEmptyMonthsError() throws {
        // The shipped config writes the same dates as FREQ=YEARLY;BYMONTH=1,4,7,10;BYDAY=3WE, which loads.
        let config = try TemporaryConfiguration()
        try config.write(Self.series, to: "meetings/quarterly-review.toml")

        let loaded = config.load()

        #expect(loaded.errors == [])
        #expect(loaded.result.configuration?.series.contains { $0.id == "quarterly-review" } == true)
    }
}
