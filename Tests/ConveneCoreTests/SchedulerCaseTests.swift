import ConveneCore
import ConveneTestSupport
import Testing

/// The scheduler's rules, one named case each: closed days with each policy, school
/// terms, clashes of venues and forums, availability, and coordinators' overrides.
@Suite struct SchedulerCaseTests {
    private func schedule(
        _ builder: ConfigurationBuilder, _ from: String, _ through: String,
        overrides: [Override] = []
    ) -> [Occurrence] {
        Scheduler(configuration: builder.build()).schedule(from: .on(from), through: .on(through), overrides: overrides)
            .occurrences
    }

    private func only(_ occurrences: [Occurrence], _ series: String) throws -> Occurrence {
        let matching = occurrences.filter { $0.series == series }
        try #require(matching.count == 1, "\(series): \(matching.map(\.uid))")
        return matching[0]
    }

    /// A bank holiday proclaimed for Tuesday 9 March 2027, the 2nd Tuesday.
    private func forumOnABankHoliday(_ policy: ClosedDayPolicy) -> ConfigurationBuilder {
        var builder = ConfigurationBuilder()
        builder.proclaimed = [ProclaimedBankHoliday(date: .on("2027-03-09"), name: "Example Jubilee bank holiday")]
        builder.series = [
            ConfigurationBuilder.series(
                "stakeholder-forum", "FREQ=MONTHLY;BYDAY=2TU",
                start: "2027-01-12T10:00:00", onClosed: policy)
        ]
        return builder
    }

    @Test func secondTuesdayOnABankHolidayIsSkippedWhenTheSeriesSaysSkip() throws {
        let occurrence = try only(schedule(forumOnABankHoliday(.skip), "2027-03-01", "2027-03-31"), "stakeholder-forum")
        #expect(occurrence.status == .skipped)
        #expect(occurrence.reason == "Skipped: Example Jubilee bank holiday")
        #expect(occurrence.uid == "stakeholder-forum-20270309@example.org")
    }

    @Test func secondTuesdayOnABankHolidayMovesToTheOpenDayBefore() throws {
        let occurrence = try only(schedule(forumOnABankHoliday(.before), "2027-03-01", "2027-03-31"), "stakeholder-forum")
        #expect(occurrence.status == .moved)
        #expect(occurrence.start.rfc3339 == "2027-03-08T10:00:00+00:00")
        #expect(occurrence.ruleStart.rfc3339 == "2027-03-09T10:00:00+00:00")
        #expect(occurrence.reason == "Moved from Tue 9 Mar to Mon 8 Mar: Example Jubilee bank holiday")
    }

    @Test func secondTuesdayOnABankHolidayMovesToTheOpenDayAfter() throws {
        let occurrence = try only(schedule(forumOnABankHoliday(.after), "2027-03-01", "2027-03-31"), "stakeholder-forum")
        #expect(occurrence.status == .moved)
        #expect(occurrence.start.rfc3339 == "2027-03-10T10:00:00+00:00")
        #expect(occurrence.reason == "Moved from Tue 9 Mar to Wed 10 Mar: Example Jubilee bank holiday")
        #expect(occurrence.uid == "stakeholder-forum-20270309@example.org", "a moved meeting keeps its UID")
    }

    @Test func aMoveThatWouldLeaveTheMonthIsUnplacedWithTheReason() throws {
        // The last Monday of May 2027 is the Spring bank holiday; the next weekday is in June.
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "review", "FREQ=MONTHLY;BYDAY=-1MO", start: "2027-05-31T10:00:00",
                onClosed: .after)
        ]
        let occurrence = try only(schedule(builder, "2027-05-01", "2027-05-31"), "review")
        #expect(occurrence.status == .unplaced)
        #expect(occurrence.reason == "Unplaced: Spring bank holiday and no open day within 7 days after in May")
    }

    @Test func aTermTimeSeriesIsSkippedInHalfTermButOthersMeet() throws {
        var builder = ConfigurationBuilder()
        builder.terms = TermCalendar(terms: [
            .init(
                name: "Spring 2027", start: .on("2027-01-05"), end: .on("2027-03-25"),
                halfTerm: .on("2027-02-15")...(.on("2027-02-19")))
        ])
        builder.series = [
            ConfigurationBuilder.series("drop-in", "FREQ=MONTHLY;BYDAY=3WE", start: "2027-01-20T10:00:00", termTimeOnly: true),
            ConfigurationBuilder.series("board", "FREQ=MONTHLY;BYDAY=3WE", start: "2027-01-20T14:00:00"),
        ]
        let occurrences = schedule(builder, "2027-02-01", "2027-02-28")
        #expect(try only(occurrences, "drop-in").status == .skipped)
        #expect(try only(occurrences, "drop-in").reason == "Skipped: school half-term (15–19 Feb)")
        #expect(try only(occurrences, "board").status == .scheduled)
    }

    @Test func twoSeriesWantingTheSameVenueLeaveItToTheHigherPriority() throws {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "strategy-board", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T11:00:00",
                invited: ["north-parents"], priority: 90),
            ConfigurationBuilder.series(
                "working-group", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                invited: ["south-parents"], priority: 20, onClosed: .after),
        ]
        let occurrences = schedule(builder, "2027-04-01", "2027-04-30")
        #expect(try only(occurrences, "strategy-board").status == .scheduled)
        let moved = try only(occurrences, "working-group")
        #expect(moved.status == .moved)
        #expect(moved.start.rfc3339 == "2027-04-14T10:00:00+01:00")
        #expect(moved.reason == "Moved from Tue 13 Apr to Wed 14 Apr: County Hall booked by the Strategy Board")
    }

    @Test func aClashWithNowhereToGoIsUnplacedNamingTheMeetingInTheWay() throws {
        var builder = ConfigurationBuilder()
        builder.venues.append(Venue(id: "north-hub", name: "North Hub", district: "north", capacity: 20, stepFree: false))
        builder.series = [
            ConfigurationBuilder.series(
                "strategy-board", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                invited: ["north-parents"], priority: 90),
            ConfigurationBuilder.series(
                "working-group", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T11:00:00",
                invited: ["south-parents"], priority: 20, onClosed: .skip),
        ]
        let occurrence = try only(schedule(builder, "2027-04-01", "2027-04-30"), "working-group")
        #expect(occurrence.status == .unplaced)
        // North Hub is free but not step-free, so it is no substitute for County Hall.
        #expect(
            occurrence.reason
                == "Unplaced: County Hall booked by the Strategy Board and no other step-free venue free in North that day")
    }

    @Test func aForumCannotBeInTwoDistrictsWithoutTimeToTravel() throws {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "north-meeting", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                invited: ["north-parents"], priority: 80),
            // Starts 30 minutes after the north meeting ends, in the other district: less than the 45 needed.
            ConfigurationBuilder.series(
                "south-meeting", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T12:30:00",
                minutes: 60, venue: "south-library", invited: ["north-parents"], onClosed: .after),
        ]
        let moved = try only(schedule(builder, "2027-04-01", "2027-04-30"), "south-meeting")
        #expect(moved.status == .moved)
        #expect(moved.reason == "Moved from Tue 13 Apr to Wed 14 Apr: North Parents already at the North Meeting")

        builder.travelGap = ISODuration(seconds: 15 * 60)
        #expect(try only(schedule(builder, "2027-04-01", "2027-04-30"), "south-meeting").status == .scheduled)
    }

    @Test func slotsOutsideAForumsHoursAreListedAndMovesPreferDaysTheyCanAttend() throws {
        var builder = ConfigurationBuilder()
        let schoolHours = AvailabilityWindow(
            days: [.monday, .tuesday, .thursday], from: LocalTime("09:30")!, to: LocalTime("14:30")!)
        let evenings = AvailabilityWindow(
            days: [.tuesday, .wednesday, .thursday], from: LocalTime("18:00")!, to: LocalTime("21:00")!)
        builder.forums = [
            Forum(id: "day-parents", name: "Day Parents", district: "north", contacts: [], availability: [schoolHours]),
            Forum(id: "evening-parents", name: "Evening Parents", district: "north", contacts: [], availability: [evenings]),
        ]
        builder.proclaimed = [ProclaimedBankHoliday(date: .on("2027-03-09"), name: "Example Jubilee bank holiday")]
        builder.series = [
            ConfigurationBuilder.series(
                "forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                invited: ["day-parents", "evening-parents"], onClosed: .after)
        ]
        let february = try only(schedule(builder, "2027-02-01", "2027-02-28"), "forum")
        #expect(february.cannotAttend == ["evening-parents"])
        // Wednesday 10 March suits neither forum, Thursday 11 March suits the day parents: Thursday wins.
        let march = try only(schedule(builder, "2027-03-01", "2027-03-31"), "forum")
        #expect(march.start.local.date == .on("2027-03-11"))
        #expect(march.cannotAttend == ["evening-parents"])
    }

    @Test func aCoordinatorsMoveOntoAClashIsAppliedAndReported() throws {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series("board", "FREQ=MONTHLY;BYDAY=2WE", start: "2027-01-13T10:00:00", priority: 90),
            ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00"),
        ]
        let move = Override(
            uid: "forum-20270413@example.org", action: .move(to: LocalDateTime("2027-04-14T10:00:00")!, venue: nil),
            reason: "County Hall is flooded on Tuesday")
        let occurrences = schedule(builder, "2027-04-01", "2027-04-30", overrides: [move])
        let moved = try only(occurrences, "forum")
        #expect(moved.status == .moved)
        #expect(moved.start.rfc3339 == "2027-04-14T10:00:00+01:00")
        #expect(
            moved.reason
                == "Moved from Tue 13 Apr 10:00 to Wed 14 Apr 10:00 by the coordinators: County Hall is flooded on Tuesday")
        #expect(moved.conflicts == ["County Hall booked by the Board", "North Parents already at the Board"])
        // The coordinator's decision stands; the meeting it displaced says why it did not happen.
        let board = try only(occurrences, "board")
        #expect(board.status == .unplaced)
        #expect(board.reason == "Unplaced: County Hall booked by the Forum and no other step-free venue free in North that day")
    }

    @Test func aCoordinatorsMoveOntoAClosedDayIsReported() throws {
        let uid = "stakeholder-forum-20270209@example.org"
        let move = Override(uid: uid, action: .move(to: LocalDateTime("2027-03-09T10:00:00")!, venue: nil), reason: "Later")
        let occurrences = schedule(forumOnABankHoliday(.skip), "2027-03-01", "2027-03-31", overrides: [move])
        let moved = try #require(occurrences.first { $0.uid == uid }, "February's meeting now takes place in March")
        #expect(moved.status == .moved)
        #expect(moved.conflicts == ["Tue 9 Mar is closed: Example Jubilee bank holiday"])
    }

    @Test func aCoordinatorsMoveToAnotherVenueIsCheckedThere() throws {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                attendance: 40)
        ]
        let move = Override(
            uid: "forum-20270413@example.org",
            action: .move(to: LocalDateTime("2027-04-13T10:00:00")!, venue: "south-library"), reason: "Nearer")
        let moved = try only(schedule(builder, "2027-04-01", "2027-04-30", overrides: [move]), "forum")
        #expect(moved.venue == "south-library")
        #expect(moved.reason == "Moved from Tue 13 Apr 10:00 to Tue 13 Apr 10:00 at South Library by the coordinators: Nearer")
        #expect(moved.conflicts == ["South Library holds 30 and 40 are expected"])
    }

    @Test func cancelThenRestoreGivesBackTheComputedSlot() throws {
        var builder = ConfigurationBuilder()
        builder.series = [ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00")]
        let uid = "forum-20270413@example.org"
        let cancel = Override(uid: uid, action: .cancel, reason: "Half the forums are at a tribunal")
        let cancelled = try only(schedule(builder, "2027-04-01", "2027-04-30", overrides: [cancel]), "forum")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.reason == "Cancelled: Half the forums are at a tribunal")
        let restore = Override(uid: uid, action: .restore, reason: "Tribunal postponed")
        let restored = try only(schedule(builder, "2027-04-01", "2027-04-30", overrides: [cancel, restore]), "forum")
        #expect(restored == (try only(schedule(builder, "2027-04-01", "2027-04-30"), "forum")))
        #expect(restored.status == .scheduled)
    }

    @Test func aVenueClosedWithNoOtherVenueIsAClosedDayForItsSeries() throws {
        var builder = ConfigurationBuilder()
        builder.closures = [
            Closure(from: .on("2027-04-12"), to: .on("2027-04-16"), reason: "Refurbishment", venue: "county-hall")
        ]
        builder.series = [ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00")]
        let skipped = try only(schedule(builder, "2027-04-01", "2027-04-30"), "forum")
        #expect(skipped.status == .skipped)
        #expect(skipped.reason == "Skipped: County Hall closed: Refurbishment (12–16 Apr)")
        builder.venues.append(Venue(id: "north-hub", name: "North Hub", district: "north", capacity: 20, stepFree: true))
        let moved = try only(schedule(builder, "2027-04-01", "2027-04-30"), "forum")
        #expect(moved.status == .moved)
        #expect(moved.venue == "north-hub")
        #expect(moved.reason == "Moved to North Hub: County Hall closed: Refurbishment (12–16 Apr)")
    }
}
