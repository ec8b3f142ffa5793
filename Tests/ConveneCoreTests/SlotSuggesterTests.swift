import ConveneCore
import ConveneTestSupport
import PropertyBased
import Testing

/// Suggesting slots more forums could come to: which slots are tried, how each is
/// scored (by the scheduler itself), what forums' answers add, and that the ranking is
/// the same every time.
@Suite(.runsOnBlockingThreads) struct SlotSuggesterTests {
    static let january = CivilDate.on("2027-01-01")
    static let weekdays = AvailabilityWindow(
        days: [.monday, .wednesday, .friday], from: LocalTime("09:30")!, to: LocalTime("14:30")!)
    static let evenings = AvailabilityWindow(days: [.thursday], from: LocalTime("18:30")!, to: LocalTime("21:00")!)

    /// Three forums: one any time, one on Mondays, Wednesdays and Fridays in school hours,
    /// one on Thursday evenings; a board on the 2nd Tuesday at 10:00.
    static func board(rule: String = "FREQ=MONTHLY;BYDAY=2TU", start: String = "2027-01-12T10:00:00") -> ConfigurationBuilder {
        var builder = ConfigurationBuilder()
        builder.forums = [
            Forum(id: "any-time", name: "Any Time", district: "north", contacts: [], availability: []),
            Forum(id: "school-hours", name: "School Hours", district: "north", contacts: [], availability: [weekdays]),
            Forum(id: "evenings", name: "Evenings", district: "south", contacts: [], availability: [evenings]),
        ]
        builder.series = [
            ConfigurationBuilder.series(
                "board", rule, start: start, minutes: 90, invited: ["any-time", "evenings", "school-hours"], priority: 90,
                onClosed: .after)
        ]
        return builder
    }

    @Test func theNthWeekdayIsTriedOnEveryWeekdayAndOrdinalAtEveryQuarterHourOfTheForumsHours() throws {
        let configuration = Self.board().build()
        let suggester = try #require(SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 12))
        let candidates = suggester.candidates()
        let days = Set(candidates.map { $0.rule!.description })
        #expect(days.count == 25, "1st to 4th and last × Monday to Friday")
        #expect(days.contains("FREQ=MONTHLY;BYDAY=-1FR") && days.contains("FREQ=MONTHLY;BYDAY=3WE"))
        #expect(!candidates.contains(SlotPattern(of: configuration.series("board")!)), "the current slot is not a suggestion")
        // Thursdays: the evening forum's hours alone (18:30–21:00) → 18:30 to 19:30 for 90 minutes.
        let thursdays = candidates.filter { $0.rule!.byDay.first?.weekday == .thursday }.map { DayText.time($0.start) }
        #expect(Set(thursdays) == ["18:30", "18:45", "19:00", "19:15", "19:30"])
        // Tuesdays: nobody states hours → 09:00 to 17:00.
        let tuesdays = Set(candidates.filter { $0.rule!.byDay.first?.weekday == .tuesday }.map(\.start))
        #expect(tuesdays.min() == LocalTime("09:00") && tuesdays.max() == LocalTime("15:30"))
        // Mondays: 09:30–14:30 → 09:30 to 13:00.
        let mondays = Set(candidates.filter { $0.rule!.byDay.first?.weekday == .monday }.map(\.start))
        #expect(mondays.count == 15 && mondays.min() == LocalTime("09:30") && mondays.max() == LocalTime("13:00"))
        for candidate in candidates {
            let recurrence = Recurrence(start: candidate.dtstart, rule: candidate.rule)
            #expect(recurrence.ruleIncludesStart, "\(candidate.rule!) from \(candidate.dtstart): DTSTART is a rule date")
            #expect(candidate.dtstart.date >= CivilDate.on("2027-01-01") && candidate.dtstart.date < CivilDate.on("2027-02-01"))
        }
    }

    @Test func aWeeklySeriesIsTriedOnEachWeekdayAndAnyOtherRuleKeepsItsDays() throws {
        let weekly = Self.board(rule: "FREQ=WEEKLY;BYDAY=TU", start: "2027-01-05T10:00:00").build()
        let suggester = try #require(SlotSuggester(configuration: weekly, series: "board", from: Self.january, months: 3))
        #expect(Set(suggester.candidates().map { $0.rule!.description }).count == 5)
        let monthDay = Self.board(rule: "FREQ=MONTHLY;BYMONTHDAY=15", start: "2027-01-15T10:00:00").build()
        let other = try #require(SlotSuggester(configuration: monthDay, series: "board", from: Self.january, months: 3))
        #expect(Set(other.candidates().map { $0.rule!.description }) == ["FREQ=MONTHLY;BYMONTHDAY=15"])
        #expect(Set(other.candidates().map(\.start)).count > 1, "its start time is still varied")
    }

    @Test func theBestSlotIsOneMoreForumsCanComeToAndItSaysWhoCannotAndWhy() throws {
        let configuration = Self.board().build()
        let suggester = try #require(SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 12))
        let found = suggester.suggestions(top: 5)
        let (current, suggestions) = (found.current, found.suggestions)
        // Tuesday 10:00 suits the forum with no set hours only.
        #expect(current.forumsAbleAverage == 1 && current.forumsAbleWorst == 1 && current.invited == 3)
        #expect(current.cannotAttend.map(\.forum) == ["evenings", "school-hours"])
        let evenings = try #require(current.cannotAttend.first { $0.forum == "evenings" })
        #expect(evenings.why == "outside its hours (Thursdays 18:30–21:00)")
        #expect(evenings.meetings == 12 && evenings.held == 12)
        let best = try #require(suggestions.first)
        #expect(best.forumsAbleAverage == 2, "a Monday, Wednesday or Friday in school hours suits two of three")
        #expect([.monday, .wednesday, .friday].contains(best.pattern.rule!.byDay.first!.weekday))
        #expect(best.change(from: current).gains == ["school-hours"] && best.change(from: current).loses.isEmpty)
        // Ties go to the slot nearest the current one: the 2nd Monday or Wednesday at 10:00.
        #expect(["FREQ=MONTHLY;BYDAY=2MO", "FREQ=MONTHLY;BYDAY=2WE"].contains(best.pattern.rule!.description))
        #expect(DayText.time(best.pattern.start) == "10:00")
        #expect(Set(suggestions.map(\.pattern.rule)).count == suggestions.count, "one time per day and venue")
    }

    @Test func whenNoSlotDoesBetterThereAreNoSuggestions() throws {
        var builder = Self.board()
        builder.forums = builder.forums.map {
            Forum(id: $0.id, name: $0.name, district: $0.district, contacts: [], availability: [])
        }
        let suggester = try #require(
            SlotSuggester(configuration: builder.build(), series: "board", from: Self.january, months: 6))
        let found = suggester.suggestions(top: 5)
        #expect(found.current.forumsAbleAverage == 3 && found.tried > 0)
        #expect(found.suggestions.isEmpty, "every slot suits all three; none is better than the current one")
    }

    @Test func whatASlotPushesAsideIsListedWithWhatBecomesOfIt() throws {
        var builder = Self.board()
        // A lower-priority drop-in on the 2nd Wednesday at 10:00 for the same forums.
        builder.series.append(
            ConfigurationBuilder.series(
                "drop-in", "FREQ=MONTHLY;BYDAY=2WE", start: "2027-01-13T10:00:00", minutes: 60, venue: "south-library",
                invited: ["school-hours"], priority: 10))
        let configuration = builder.build()
        let suggester = try #require(SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 3))
        let second = try #require(
            suggester.candidates().first { $0.rule!.description == "FREQ=MONTHLY;BYDAY=2WE" && DayText.time($0.start) == "10:00" }
        )
        let appraisal = suggester.appraise(second)
        #expect(appraisal.displaces.count == 3)
        for displaced in appraisal.displaces {
            #expect(displaced.before.series == "drop-in" && displaced.before.status == .scheduled)
            #expect(displaced.after.status == .unplaced)
            #expect(displaced.after.reason?.contains("School Hours already at the Board") == true)
        }
        // Another Wednesday does as well for the board and pushes nothing aside: it ranks first.
        let found = suggester.suggestions(top: 3)
        let suggestions = found.suggestions
        #expect(suggestions.first?.displaces.isEmpty == true)
        #expect(suggestions.first?.forumsAbleAverage == 2)
    }

    @Test func anotherVenueInTheDistrictIsTriedWhereItHoldsTheMeetingAndIsStepFree() throws {
        var builder = Self.board()
        builder.venues += [
            Venue(id: "north-hub", name: "North Hub", district: "north", capacity: 40, stepFree: true),
            Venue(id: "north-loft", name: "North Loft", district: "north", capacity: 40, stepFree: false),
            Venue(id: "north-cupboard", name: "North Cupboard", district: "north", capacity: 3, stepFree: true),
        ]
        // County Hall is closed all spring: at the hub, the board need not move.
        builder.closures = [Closure(from: .on("2027-01-01"), to: .on("2027-04-30"), reason: "Roof repairs", venue: "county-hall")]
        let suggester = try #require(
            SlotSuggester(configuration: builder.build(), series: "board", from: Self.january, months: 6))
        let pattern = suggester.candidates()[0]
        #expect(suggester.otherVenues(for: pattern).map(\.venue) == ["north-hub"], "big enough, step-free, same district")
        let found = suggester.suggestions(top: 5)
        let (current, suggestions) = (found.current, found.suggestions)
        #expect(current.moved == 4, "January to April at another venue")
        let best = try #require(suggestions.first)
        #expect(best.pattern.venue == "north-hub" && best.moved == 0)
    }

    @Test func onlyTheSeriesThatShareAForumOrADistrictWithItAreScheduledWithEachSlot() throws {
        var builder = Self.board()
        builder.districts.append(District(id: "east", name: "East"))
        builder.venues.append(Venue(id: "east-hall", name: "East Hall", district: "east", capacity: 40, stepFree: true))
        builder.forums.append(Forum(id: "east-parents", name: "East Parents", district: "east", contacts: [], availability: []))
        builder.series += [
            // Shares School Hours with the board.
            ConfigurationBuilder.series(
                "drop-in", "FREQ=MONTHLY;BYDAY=2WE", start: "2027-01-13T10:00:00", minutes: 60, venue: "south-library",
                invited: ["school-hours"], priority: 10),
            // Shares nothing with the board, but the drop-in's district.
            ConfigurationBuilder.series(
                "south-coffee", "FREQ=MONTHLY;BYDAY=1FR", start: "2027-01-01T10:00:00", minutes: 60, venue: "south-library",
                invited: ["evenings"], priority: 10),
            // Shares nothing with any of them.
            ConfigurationBuilder.series(
                "east-coffee", "FREQ=MONTHLY;BYDAY=2WE", start: "2027-01-13T10:00:00", minutes: 60, venue: "east-hall",
                invited: ["east-parents"], priority: 10),
        ]
        let configuration = builder.build()
        let board = try #require(configuration.series("board"))
        #expect(SlotSuggester.neighbourhood(of: board, in: configuration, overrides: []) == ["board", "drop-in", "south-coffee"])
        // A coordinator's move of the east coffee morning to County Hall brings it in.
        let moved = Override(
            uid: "east-coffee-20270113@example.org", action: .move(to: LocalDateTime("2027-01-13T14:00")!, venue: "county-hall"),
            reason: "Roof")
        #expect(SlotSuggester.neighbourhood(of: board, in: configuration, overrides: [moved]).contains("east-coffee"))
        // The same suggestions, and the same figures, as with everything else left out.
        let suggester = try #require(SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 3))
        let alone = try #require(
            SlotSuggester(
                configuration: configuration.keepingOnly(series: ["board", "drop-in", "south-coffee"]), series: "board",
                from: Self.january, months: 3))
        let (a, b) = (suggester.suggestions(top: 5), alone.suggestions(top: 5))
        #expect(a.suggestions.map(\.pattern) == b.suggestions.map(\.pattern))
        #expect(a.suggestions.map(\.forumsAbleAverage) == b.suggestions.map(\.forumsAbleAverage))
        #expect(a.suggestions.map(\.displaces.count) == b.suggestions.map(\.displaces.count))
    }

    @Test func theRankingIsTheSameEveryTimeAndWithAnyNumberOfThreads() throws {
        let configuration = Self.board().build()
        let suggester = try #require(SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 6))
        let once = suggester.suggestions(top: 10).suggestions.map(\.pattern)
        let threaded = suggester.suggestions(top: 10) { count, body in ConcurrentWork.run(count: count, threads: 4, body) }
        #expect(threaded.suggestions.map(\.pattern) == once)
        var reordered = Self.board()
        reordered.forums.reverse()
        reordered.venues.reverse()
        let again = try #require(SlotSuggester(configuration: reordered.build(), series: "board", from: Self.january, months: 6))
        #expect(again.suggestions(top: 10).suggestions.map(\.pattern) == once)
    }

    // MARK: Learning from answers

    static func answer(
        _ answer: Answer, _ date: String, _ start: String, minutes: Int = 90, reason: String? = nil, forum: String = "any-time"
    ) -> PastAnswer {
        let from = LocalDateTime("\(date)T\(start):00")!
        let to = LocalDateTime(wallSeconds: from.wallSeconds + minutes * 60)
        return PastAnswer(forum: forum, answer: answer, reason: reason, title: "Board", start: from, end: to)
    }

    @Test func aForumThatDeclinesEveryEarlyStartButAcceptsLaterOnesCannotComeBeforeHalfwayBetween() throws {
        let answers = [
            Self.answer(.declined, "2026-09-08", "09:30", reason: "School run"),
            Self.answer(.declined, "2026-10-13", "09:30", reason: "School run again"),
            Self.answer(.accepted, "2026-11-10", "10:30"),
            Self.answer(.accepted, "2026-12-08", "10:30"),
        ]
        let learned = try #require(LearnedHours.learn(from: answers)["any-time"])
        #expect(learned.notBefore == LocalTime("10:00") && learned.notAfter == nil && learned.notOn.isEmpty)
        #expect(learned.rulesOut(start: LocalDateTime("2027-03-09T09:45:00")!, end: LocalDateTime("2027-03-09T11:15:00")!))
        #expect(!learned.rulesOut(start: LocalDateTime("2027-03-09T10:00:00")!, end: LocalDateTime("2027-03-09T11:30:00")!))
        #expect(learned.why == "sent apologies for every meeting starting before 10:00")
        #expect(learned.evidence.count == 4, "the apologies and the acceptances it rests on")
    }

    @Test func oneApologyOrOneOffReasonsOrApologiesAloneShowNothing() {
        #expect(LearnedHours.learn(from: [Self.answer(.declined, "2026-09-08", "09:30")]).isEmpty)
        // Never having come says nothing yet about when it could.
        let never = [Self.answer(.declined, "2026-09-08", "18:30"), Self.answer(.declined, "2026-10-13", "19:00")]
        #expect(LearnedHours.learn(from: never).isEmpty)
        let ill = [
            Self.answer(.declined, "2026-09-08", "09:30", reason: "Our chair is ill"),
            Self.answer(.declined, "2026-10-13", "09:30", reason: "Hospital appointment"),
            Self.answer(.accepted, "2026-11-10", "10:30"),
        ]
        #expect(LearnedHours.learn(from: ill).isEmpty)
        // Apologies on both sides of an acceptance are no pattern of time.
        let mixed = [
            Self.answer(.declined, "2026-09-08", "09:30"), Self.answer(.accepted, "2026-10-13", "10:00"),
            Self.answer(.declined, "2026-11-10", "10:30"),
        ]
        #expect(LearnedHours.learn(from: mixed).isEmpty)
    }

    @Test func lateEndsAndAWeekdayAreLearnedToo() throws {
        let late = [
            Self.answer(.accepted, "2026-09-09", "10:00", minutes: 120),  // ends 12:00
            Self.answer(.declined, "2026-10-14", "12:30", minutes: 120),  // ends 14:30
            Self.answer(.declined, "2026-11-11", "13:00", minutes: 120),  // ends 15:00
        ]
        let byEnd = try #require(LearnedHours.learn(from: late)["any-time"])
        #expect(byEnd.notAfter == LocalTime("13:15") && byEnd.notBefore == nil)
        let fridays = [
            Self.answer(.accepted, "2026-09-08", "10:00"),  // a Tuesday
            Self.answer(.declined, "2026-10-16", "10:00"),  // Fridays
            Self.answer(.declined, "2026-11-13", "10:00"),
        ]
        let byDay = try #require(LearnedHours.learn(from: fridays)["any-time"])
        #expect(byDay.notOn == [.friday] && byDay.notBefore == nil && byDay.notAfter == nil)
        // A meeting past midnight ends later than any that ended the same evening.
        let overnight = [
            Self.answer(.accepted, "2026-09-08", "20:00", minutes: 120),  // ends 22:00
            Self.answer(.declined, "2026-10-13", "23:00", minutes: 120),  // ends 01:00 the next day
            Self.answer(.declined, "2026-11-10", "23:30", minutes: 120),
        ]
        let byNight = try #require(LearnedHours.learn(from: overnight)["any-time"])
        #expect(byNight.notAfter == LocalTime("23:30"))
        #expect(byNight.rulesOut(start: LocalDateTime("2027-03-09T23:00:00")!, end: LocalDateTime("2027-03-10T00:30:00")!))
    }

    @Test func theSecondScoreCountsWhatAnswersShowAndRanksBySlotsTheForumsReallyCome() throws {
        // Any Time has no stated hours but declined every 09:30 start and came at 10:30.
        let configuration = Self.board(start: "2027-01-12T09:30:00").build()
        let answers = [
            Self.answer(.declined, "2026-09-08", "09:30", reason: "School run"),
            Self.answer(.declined, "2026-10-13", "09:30", reason: "School run"),
            Self.answer(.accepted, "2026-11-10", "10:30"),
            Self.answer(.declined, "2026-11-10", "10:30", reason: "not invited", forum: "elsewhere"),
        ]
        let suggester = try #require(
            SlotSuggester(configuration: configuration, series: "board", from: Self.january, months: 6, answers: answers))
        #expect(suggester.learned.keys.sorted() == ["any-time"], "only invited forums' answers count")
        let found = suggester.suggestions(top: 3)
        let (current, suggestions) = (found.current, found.suggestions)
        #expect(current.forumsAbleAverage == 1 && current.answers?.forumsAbleAverage == 0)
        let ruledOut = try #require(current.answers?.cannotAttend.first)
        #expect(ruledOut.forum == "any-time" && ruledOut.meetings == 6 && ruledOut.answers.count == 3)
        let best = try #require(suggestions.first)
        #expect(best.answers?.forumsAbleAverage == 2 && best.pattern.start >= LocalTime("10:00")!)
    }

    // MARK: The score is the schedule's

    /// Over random configurations, each suggestion's figures are what scheduling the
    /// configuration with that slot written in gives, month by month.
    @Test func aSuggestionsScoreIsWhatTheScheduleReportsForThatSlot() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            let random = RandomConfiguration(seed: seed)
            let configuration = random.builder.build()
            let series = configuration.series[Int(seed % UInt64(configuration.series.count))]
            let months = Int(seed % 12) + 1
            guard
                let suggester = SlotSuggester(configuration: configuration, series: series.id, from: Self.january, months: months)
            else {
                Issue.record("seed \(seed): no suggester for \(series.id)")
                return
            }
            let found = suggester.suggestions(top: 3) { count, body in
                ConcurrentWork.run(count: count, threads: ConcurrentWork.processors, body)
            }
            let (current, suggestions) = (found.current, found.suggestions)
            for appraisal in [current] + suggestions {
                let slot = appraisal.pattern
                // Written in as a coordinator would: the rule's text, DTSTART and venue.
                let rule = try? slot.rule.map { try RecurrenceRule(parsing: $0.description) }
                let written = series.with(recurrence: Recurrence(start: slot.dtstart, rule: rule ?? nil), venue: slot.venue)
                let changed = appraisal.pattern == SlotPattern(of: series) ? configuration : configuration.replacing(written)
                let schedule = Scheduler(configuration: changed).schedule(from: Self.january, through: suggester.through)
                let mine = schedule.occurrences.filter { $0.series == series.id }
                var byMonth: [Int: [Int]] = [:]
                for occurrence in mine {
                    let date = occurrence.start.local.date
                    byMonth[date.year * 12 + date.month, default: []].append(
                        occurrence.takesPlace ? occurrence.invited.count - occurrence.cannotAttend.count : 0)
                }
                let expected = byMonth.sorted { $0.key < $1.key }.map { Double($0.value.reduce(0, +)) / Double($0.value.count) }
                let context = "seed \(seed), \(series.id) at \(slot.rule?.description ?? "-") \(slot.dtstart)"
                #expect(appraisal.months.map(\.forumsAble) == expected, "\(context)")
                let average = expected.isEmpty ? 0 : expected.reduce(0, +) / Double(expected.count)
                #expect(abs(appraisal.forumsAbleAverage - average) < 1e-9, "\(context)")
                #expect(appraisal.forumsAbleWorst == byMonth.values.flatMap { $0 }.min() ?? 0, "\(context)")
                #expect(appraisal.moved == mine.count { $0.status == .moved }, "\(context)")
                #expect(appraisal.unplaced == mine.count { $0.status == .unplaced }, "\(context)")
            }
        }
    }
}
