import ConveneCore
import Testing

/// `chase`: in `[notifications]` for every meeting, in a series for its own, a lead
/// time like a reminder's or `false`; absent means no chasers.
@Suite struct ChaseSettingTests {
    private static func notifications(_ chase: String) -> String { "\n[notifications]\nchase = \(chase)\n" }

    @Test func withoutTheKeyNoForumIsChased() throws {
        let loaded = try TemporaryConfiguration().load()
        #expect(loaded.lines == [])
        let configuration = try #require(loaded.result.configuration)
        #expect(configuration.notifications.chase == .never)
        #expect(configuration.series("monthly-forum")?.chase == nil)
    }

    @Test func theOrganisationsLeadTimeAndASeriesOwnAreRead() throws {
        let config = try TemporaryConfiguration()
        try config.append(Self.notifications(#""P7D""#), to: "convened.toml")
        try config.append("chase = \"P3DT12H\"\n", to: "meetings/monthly-forum.toml")
        try config.write(
            """
            title    = "Quiet Forum"
            rrule    = "FREQ=MONTHLY;BYDAY=3TH"
            dtstart  = 2026-09-17
            start    = "10:00"
            duration = "PT1H"
            venue    = "town-hall"
            invite   = ["*"]
            chase    = false

            """, to: "meetings/quiet-forum.toml")

        let loaded = config.load()

        #expect(loaded.lines == [])
        let configuration = try #require(loaded.result.configuration)
        #expect(configuration.notifications.chase == .before(ISODuration(days: 7)))
        #expect(configuration.series("monthly-forum")?.chase == .before(ISODuration("P3DT12H")!))
        #expect(configuration.series("quiet-forum")?.chase == .never)
    }

    @Test func aDropInCanTurnChasingOff() throws {
        let config = try TemporaryConfiguration()
        try config.append(Self.notifications(#""P7D""#), to: "convened.toml")
        try config.write("[notifications]\nchase = false\n", to: "conf.d/50-local.toml")
        let loaded = config.load()
        #expect(loaded.lines == [])
        #expect(loaded.result.configuration?.notifications.chase == .never)
    }

    @Test(arguments: [
        (
            #""P0D""#,
            #"convened.toml:21:9: error: notifications.chase: "P0D" is out of range; a chaser goes out between PT1M and P90D before the meeting"#
        ),
        (
            #""P91D""#,
            #"convened.toml:21:9: error: notifications.chase: "P91D" is out of range; a chaser goes out between PT1M and P90D before the meeting"#
        ),
        (
            #""P1M""#,
            #"convened.toml:21:9: error: notifications.chase: "P1M" is not a duration; expected ISO 8601 such as "PT2H", "PT1H30M", "P2D" or "P1W" (years and months have no fixed length: use days, e.g. "P30D")"#
        ),
        (
            "true",
            #"convened.toml:21:9: error: notifications.chase: expected how long before the meeting to ask forums that have not answered, such as "P7D", or false for never; found true"#
        ),
        (
            #"["P7D"]"#,
            #"convened.toml:21:9: error: notifications.chase: expected how long before the meeting to ask forums that have not answered, such as "P7D", or false for never; found an array"#
        ),
    ])
    func aBadValueIsReportedWithItsPlace(_ value: String, _ expected: String) throws {
        let config = try TemporaryConfiguration()
        try config.append(Self.notifications(value), to: "convened.toml")
        let loaded = config.load()
        #expect(loaded.errors == [expected])
        #expect(loaded.result.configuration == nil)
    }

    @Test func aSeriesBadValueIsReportedInItsFile() throws {
        let config = try TemporaryConfiguration()
        try config.append("chase = \"PT0S\"\n", to: "meetings/monthly-forum.toml")
        let loaded = config.load()
        #expect(
            loaded.errors == [
                #"meetings/monthly-forum.toml:8:9: error: chase: "PT0S" is out of range; a chaser goes out between PT1M and P90D before the meeting"#
            ])
    }
}
