import ConveneCore
import Testing

/// `conf.d/*.toml` is merged over the main file: tables key by key, arrays of tables
/// appended, files in name order, backups and hidden files left alone.
@Suite struct DropInTests {
    private static let notifications = """

        [notifications]
        publish_days_before_month = 21
        reminders = ["P14D", "P2D"]

        """

    private static func reminders(_ days: Int) -> String {
        "[notifications]\nreminders = [\"P\(days)D\"]\n"
    }

    @Test func aDropInReplacesOnlyTheKeysItSetsAndAppendsVenues() throws {
        let config = try TemporaryConfiguration()
        try config.append(Self.notifications, to: "convened.toml")
        try config.write(
            Self.reminders(7) + """

                [[venue]]
                id        = "library"
                name      = "North Library"
                district  = "north"
                capacity  = 20
                step_free = true

                """, to: "conf.d/50-local.toml")
        // A series may use a venue that only the drop-in defines.
        try config.write(
            """
            title = "Library Drop-in"
            rrule = "FREQ=MONTHLY;BYDAY=1TH"
            dtstart = 2026-09-03
            start = "18:30"
            duration = "PT1H30M"
            venue = "library"
            invite = ["north-parents"]

            """, to: "meetings/library-drop-in.toml")

        let loaded = config.load()

        #expect(loaded.lines == [])
        let configuration = try #require(loaded.result.configuration)
        #expect(configuration.notifications.publishDaysBeforeMonth == 21)
        #expect(configuration.notifications.reminders == [ISODuration(days: 7)])
        #expect(configuration.venues.map(\.id) == ["library", "town-hall"], "kept sorted by id")
        #expect(configuration.series("library-drop-in")?.venue == "library")
    }

    @Test func dropInsAreReadInNameOrderSoTheLastOneWins() throws {
        let config = try TemporaryConfiguration()
        try config.append(Self.notifications, to: "convened.toml")
        // Written in the opposite order to their names, so directory order cannot pass for name order.
        try config.write(Self.reminders(3), to: "conf.d/90-late.toml")
        try config.write(Self.reminders(5), to: "conf.d/50-middle.toml")
        try config.write(Self.reminders(7), to: "conf.d/10-early.toml")

        let loaded = config.load()

        #expect(loaded.errors == [])
        #expect(loaded.result.configuration?.notifications.reminders == [ISODuration(days: 3)])
        #expect(
            loaded.files.filter { $0.hasPrefix("conf.d/") }
                == ["conf.d/10-early.toml", "conf.d/50-middle.toml", "conf.d/90-late.toml"])
    }

    @Test func aDropInsDuplicateVenueIsReportedInTheDropInWithTheFirstDefinition() throws {
        let config = try TemporaryConfiguration()
        try config.write(
            """
            [[venue]]
            id        = "town-hall"
            name      = "Town Hall (again)"
            district  = "north"
            capacity  = 10
            step_free = true

            """, to: "conf.d/50-local.toml")

        let loaded = config.load()

        #expect(
            loaded.errors == [
                #"conf.d/50-local.toml:2:13: error: venue[1].id: duplicate venue id "town-hall" (first defined at convened.toml:14:13)"#
            ])
    }

    /// Each of these would be a syntax error if it were read.
    @Test(arguments: [
        "conf.d/.60-hidden.toml", "conf.d/60-local.toml~", "conf.d/.60-local.toml.swp", "conf.d/60-local.toml.orig",
        "conf.d/README", "forums/.south-parents.toml", "forums/south-parents.toml~", "meetings/.weekly.toml",
        "meetings/weekly.toml~", "meetings/weekly.TOML",
    ])
    func hiddenFilesAndEditorBackupsAreIgnored(path: String) throws {
        let config = try TemporaryConfiguration()
        try config.write(Self.reminders(7), to: "conf.d/50-local.toml")
        try config.write("this is not = = TOML\n", to: path)

        let loaded = config.load()

        #expect(loaded.lines == [])
        #expect(!loaded.files.contains(path))
        #expect(loaded.result.configuration?.notifications.reminders == [ISODuration(days: 7)])
        #expect(loaded.result.configuration?.forums.map(\.id) == ["north-parents"])
        #expect(loaded.result.configuration?.series.map(\.id) == ["monthly-forum"])
    }

    @Test func theSameBrokenFileIsReadWhenItsNameEndsInToml() throws {
        // The control for the test above: the content really is rejected when read.
        let config = try TemporaryConfiguration()
        try config.write("this is not = = TOML\n", to: "conf.d/60-local.toml")

        let loaded = config.load()

        #expect(loaded.result.configuration == nil)
        #expect(loaded.errors.count == 1)
        #expect(loaded.errors.first?.hasPrefix("conf.d/60-local.toml:1:6: error: ") == true)
    }
}
