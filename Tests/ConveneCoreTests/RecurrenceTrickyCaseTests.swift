import ConveneCore
import Testing

/// The cases calendar software most often gets wrong, each by name.
@Suite struct RecurrenceTrickyCaseTests {
    @Test func secondTuesdayIsCountedFromTheMonthNotFromAMondayFirstWeek() throws {
        // February 2027 starts on a Monday: a week-based count would give the 2nd, not the 9th.
        let result = try dates("FREQ=MONTHLY;BYDAY=2TU", from: "2026-09-08T10:00:00", limit: 7)
        #expect(result == ["2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08", "2027-01-12", "2027-02-09", "2027-03-09"])
    }

    @Test func weekStartDoesNotChangeTheSecondTuesday() throws {
        let mondayFirst = try dates("FREQ=MONTHLY;BYDAY=2TU", from: "2027-02-09T10:00:00", limit: 12)
        let sundayFirst = try dates("FREQ=MONTHLY;BYDAY=2TU;WKST=SU", from: "2027-02-09T10:00:00", limit: 12)
        #expect(mondayFirst == sundayFirst)
        #expect(mondayFirst.allSatisfy { CivilDate($0)!.weekday == .tuesday && (8...14).contains(CivilDate($0)!.day) })
    }

    @Test func bySetPosMinusOneOnWeekdaysIsTheLastWorkingDay() throws {
        let result = try dates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", from: "2027-01-29T10:00:00", limit: 5)
        #expect(result == ["2027-01-29", "2027-02-26", "2027-03-31", "2027-04-30", "2027-05-31"])
    }

    @Test func byMonthDayMinusOneIsTheLastDayOfEachMonthIncludingLeapFebruary() throws {
        let result = try dates("FREQ=MONTHLY;BYMONTHDAY=-1", from: "2027-12-31T10:00:00", limit: 4)
        #expect(result == ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"])
    }

    @Test func twentyNinthOfFebruaryRepeatsOnlyInLeapYears() throws {
        let result = try dates("FREQ=YEARLY", from: "2024-02-29T10:00:00", limit: 4)
        #expect(result == ["2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29"])
        let explicit = try dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", from: "2024-02-29T10:00:00", limit: 3)
        #expect(explicit == ["2024-02-29", "2028-02-29", "2032-02-29"])
    }

    @Test func fifthFridaySkipsMonthsWithFourButLastFridayNeverDoes() throws {
        let fifth = try dates("FREQ=MONTHLY;BYDAY=5FR", from: "2027-01-29T18:00:00", limit: 4)
        #expect(fifth == ["2027-01-29", "2027-04-30", "2027-07-30", "2027-10-29"])
        let last = try dates("FREQ=MONTHLY;BYDAY=-1FR", from: "2027-01-29T18:00:00", limit: 4)
        #expect(last == ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"])
    }

    @Test func weekFiftyThreeOnlyExistsInLongYears() throws {
        // Years starting on a Thursday (and leap years starting on a Wednesday) have 53 ISO weeks.
        let result = try dates("FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH", from: "2026-12-31T10:00:00", limit: 3)
        #expect(result == ["2026-12-31", "2032-12-30", "2037-12-31"])
        #expect(WeekNumbering().weeks(in: 2026) == 53)
        #expect(WeekNumbering().weeks(in: 2027) == 52)
    }

    @Test func utcUntilIsComparedAsAnInstantAcrossTheSpringChange() throws {
        // 10:00 is 10:00Z before 28 March 2027 and 09:00Z after it.
        let rule = "FREQ=DAILY;UNTIL=20270329T090000Z"
        #expect(
            try expand(rule, from: "2027-03-26T10:00:00") == [
                "2027-03-26T10:00:00+00:00", "2027-03-27T10:00:00+00:00",
                "2027-03-28T10:00:00+01:00", "2027-03-29T10:00:00+01:00",
            ])
        let earlier = try expand("FREQ=DAILY;UNTIL=20270328T085959Z", from: "2027-03-26T10:00:00")
        #expect(earlier.last == "2027-03-27T10:00:00+00:00")
    }

    @Test func wallClockTimeIsKeptAcrossBothChangesOfTheYear() throws {
        let result =
            try expand("FREQ=WEEKLY;BYDAY=SU", from: "2027-03-21T10:00:00", limit: 2)
            + expand("FREQ=WEEKLY;BYDAY=SU", from: "2027-10-24T10:00:00", limit: 2)
        #expect(
            result == [
                "2027-03-21T10:00:00+00:00", "2027-03-28T10:00:00+01:00",
                "2027-10-24T10:00:00+01:00", "2027-10-31T10:00:00+00:00",
            ])
    }

    @Test func aTimeTheClocksSkipMovesForwardByTheGap() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=2", from: "2027-03-27T01:30:00")
                == ["2027-03-27T01:30:00+00:00", "2027-03-28T02:30:00+01:00"])
        #expect(
            try expand("FREQ=DAILY;COUNT=2", from: "2027-03-13T02:30:00", in: "America/New_York")
                == ["2027-03-13T02:30:00-05:00", "2027-03-14T03:30:00-04:00"])
    }

    @Test func aTimeTheClocksRepeatIsTakenTheFirstTime() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=2", from: "2027-10-30T01:30:00")
                == ["2027-10-30T01:30:00+01:00", "2027-10-31T01:30:00+01:00"])
        #expect(
            try expand("FREQ=DAILY;COUNT=2", from: "2027-11-06T01:30:00", in: "America/New_York")
                == ["2027-11-06T01:30:00-04:00", "2027-11-07T01:30:00-04:00"])
    }

    @Test func wallTimesThatTheGapMapsOntoOneInstantCountOnceAndStayInOrder() throws {
        // 01:30 does not exist on 28 March 2027 and becomes 02:30 BST, which 02:30 also is.
        #expect(
            try expand("FREQ=HOURLY;COUNT=4", from: "2027-03-28T00:30:00")
                == ["2027-03-28T00:30:00+00:00", "2027-03-28T02:30:00+01:00", "2027-03-28T03:30:00+01:00"])
        #expect(
            try expand("FREQ=MINUTELY;INTERVAL=30;COUNT=6", from: "2027-03-28T00:30:00")
                == [
                    "2027-03-28T00:30:00+00:00", "2027-03-28T02:00:00+01:00", "2027-03-28T02:30:00+01:00",
                    "2027-03-28T03:00:00+01:00",
                ])
    }

    @Test func exdateRemovesTheInstantItDenotesEvenIfAnotherWallTimeGaveIt() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=3 EXDATE:20270328T023000", from: "2027-03-27T01:30:00")
                == ["2027-03-27T01:30:00+00:00", "2027-03-29T01:30:00+01:00"])
    }

    @Test func dtstartIsTheFirstInstanceEvenWhenTheRuleWouldNotGiveIt() throws {
        let result = try dates("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", from: "2026-09-01T10:00:00")
        #expect(result == ["2026-09-01", "2026-09-08", "2026-10-13"])
        #expect(
            try !Recurrence(start: LocalDateTime("2026-09-01T10:00:00")!, properties: "FREQ=MONTHLY;BYDAY=2TU").ruleIncludesStart)
    }

    @Test func exdateRemovesAndRdateAddsInstances() throws {
        let result = try dates("FREQ=MONTHLY;BYDAY=-1TH EXDATE:20261231 RDATE:20261217", from: "2026-11-26T18:30:00", limit: 4)
        #expect(result == ["2026-11-26", "2026-12-17", "2027-01-28", "2027-02-25"])
    }

    @Test func aDateOnlyUntilIncludesThatWholeDay() throws {
        #expect(
            try dates("FREQ=WEEKLY;UNTIL=20270126", from: "2027-01-05T18:30:00") == [
                "2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26",
            ])
    }

    @Test func weeklyBySetPosChoosesFromTheWholeWeekContainingDtstart() throws {
        // The first weekday of each week: for the week of Wednesday 6 January that is Monday 4th,
        // before DTSTART, so the next instance is Monday 11th (python-dateutil would say the 6th).
        let result = try dates("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=1", from: "2027-01-06T10:00:00", limit: 3)
        #expect(result == ["2027-01-06", "2027-01-11", "2027-01-18"])
    }

    @Test func ruleThatCanNeverMeetItsIntervalGivesOnlyDtstart() throws {
        #expect(try expand("FREQ=HOURLY;INTERVAL=2;BYHOUR=3", from: "2027-01-01T10:00:00") == ["2027-01-01T10:00:00+00:00"])
    }

    @Test func aWindowFarFromDtstartGivesTheSameInstancesAsWalkingFromTheStart() throws {
        let zone = ZoneRules(identifier: "Europe/London")!
        for rule in [
            "FREQ=MONTHLY;BYDAY=2TU", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "FREQ=DAILY;INTERVAL=5",
            "FREQ=YEARLY;BYWEEKNO=10,14;BYDAY=MO", "FREQ=HOURLY;INTERVAL=7;BYMINUTE=15,45",
            "FREQ=MINUTELY;INTERVAL=97;BYHOUR=9",
        ] {
            let recurrence = try Recurrence(start: LocalDateTime("2020-02-29T09:15:00")!, properties: rule)
            let from = zone.resolve(LocalDateTime("2027-03-01T00:00:00")!).instant
            let to = zone.resolve(LocalDateTime("2027-04-15T00:00:00")!).instant
            let skipped = Array(recurrence.occurrences(in: zone, from: from, to: to))
            let walked = recurrence.occurrences(in: zone, from: nil, to: to).filter { $0.instant >= from }
            #expect(skipped == walked, "\(rule)")
            #expect(!skipped.isEmpty, "\(rule)")
        }
    }
}
