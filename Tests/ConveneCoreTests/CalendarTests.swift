import ConveneCore
import Testing

/// Civil dates, wall times, zones and durations: the arithmetic everything else uses.
@Suite struct CalendarTests {
    @Test func dayNumbersRoundTripAcrossCenturiesAndLeapDays() {
        for n in stride(from: -800_000, through: 3_000_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 2, day: 29)!.dayNumber == 11_016)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2027, month: 4, day: 31) == nil)
    }

    @Test func weekdaysAreMondayFirst() {
        #expect(CivilDate(year: 2027, month: 3, day: 9)!.weekday == .tuesday)
        #expect(Weekday.monday.rawValue == 0)
        #expect(CivilDate(year: 1969, month: 12, day: 31)!.weekday == .wednesday)
    }

    @Test func nthWeekdayCountsFromTheStartOrTheEndOfTheMonth() {
        #expect(CivilDate.nthWeekday(2, .tuesday, year: 2027, month: 2) == CivilDate(year: 2027, month: 2, day: 9))
        #expect(CivilDate.nthWeekday(-1, .thursday, year: 2026, month: 12) == CivilDate(year: 2026, month: 12, day: 31))
        #expect(CivilDate.nthWeekday(5, .friday, year: 2027, month: 2) == nil)
    }

    @Test func textFormsParseAndPrint() {
        #expect(CivilDate("2027-04-13")?.description == "2027-04-13")
        #expect(CivilDate("20270413") == CivilDate("2027-04-13"))
        #expect(LocalTime("09:30")?.description == "09:30")
        #expect(LocalTime("24:00") == nil)
        #expect(LocalDateTime("20270413T100000")?.description == "2027-04-13T10:00:00")
    }

    @Test func zoneOffsetsFollowTheRulesInAnyCentury() {
        let london = ZoneRules(identifier: "Europe/London")!
        func offset(_ text: String) -> Int { london.resolve(LocalDateTime(text)!).offset }
        #expect(offset("2027-01-15T12:00:00") == 0)
        #expect(offset("2027-07-15T12:00:00") == 3600)
        // Beyond the table, mapped back by 400-year cycles: still BST in July.
        #expect(offset("2827-07-15T12:00:00") == 3600)
        #expect(offset("2827-12-15T12:00:00") == 0)
        #expect(ZoneRules(identifier: "Europe/Lodnon") == nil)
        #expect(ZoneRules(identifier: "") == nil)
    }

    @Test func addingADayKeepsTheWallClockWhileHoursAreExact() {
        let london = ZoneRules(identifier: "Europe/London")!
        let start = london.resolve(LocalDateTime("2027-03-27T10:00:00")!)
        #expect(london.adding(ISODuration(days: 1), to: start).rfc3339 == "2027-03-28T10:00:00+01:00")
        #expect(london.adding(ISODuration(seconds: 24 * 3600), to: start).rfc3339 == "2027-03-28T11:00:00+01:00")
    }

    @Test(arguments: [("PT2H", 0, 7200), ("PT1H30M", 0, 5400), ("P2D", 2, 0), ("P1W", 7, 0), ("P1DT2H", 1, 7200)])
    func isoDurationsParse(text: String, days: Int, seconds: Int) {
        #expect(ISODuration(text) == ISODuration(days: days, seconds: seconds))
        #expect(ISODuration(text).map { ISODuration($0.description) } == ISODuration(text))
    }

    @Test(arguments: ["", "P", "PT", "2H", "P1M", "P1Y", "PT2H1H", "P1H", "PT1D", "P-1D"])
    func malformedDurationsAreRejected(text: String) {
        #expect(ISODuration(text) == nil)
    }

    @Test func termCalendarNamesHalfTermsAndHolidaysBetweenTerms() {
        let terms = TermCalendar(terms: [
            .init(
                name: "Summer 2027", start: CivilDate("2027-04-12")!, end: CivilDate("2027-07-21")!,
                halfTerm: CivilDate("2027-05-31")!...CivilDate("2027-06-04")!),
            .init(name: "Spring 2027", start: CivilDate("2027-01-05")!, end: CivilDate("2027-03-25")!),
        ])
        #expect(terms.holiday(on: CivilDate("2027-06-01")!)?.name == "school half-term")
        #expect(terms.holiday(on: CivilDate("2027-04-01")!)?.dates == CivilDate("2027-03-26")!...CivilDate("2027-04-11")!)
        #expect(terms.holiday(on: CivilDate("2027-05-04")!) == nil)
        #expect(terms.holiday(on: CivilDate("2027-08-01")!) == nil, "outside the calendar's coverage nothing is known")
    }

    @Test(arguments: [
        (ZonedDateTime(instant: 1_806_915_600, offset: 3600), "2027-04-05T10:00:00+01:00"),
        (ZonedDateTime(instant: 0, offset: -18_000), "1969-12-31T19:00:00-05:00"),
        // London's local mean time before 1847, which has seconds.
        (ZonedDateTime(instant: -4_000_000_000, offset: -75), "1843-03-31T16:52:05-00:01:15"),
        (ZonedDateTime(instant: -60_000_000_000, offset: 0), "0068-09-03T13:20:00+00:00"),
        (ZonedDateTime(instant: 253_402_300_799, offset: 50_400), "10000-01-01T13:59:59+14:00"),
    ])
    func instantsAreWrittenInRFC3339WithTheirOffset(time: ZonedDateTime, text: String) {
        #expect(time.rfc3339 == text)
        var bytes: [UInt8] = Array("x".utf8)
        time.appendRFC3339(to: &bytes)
        #expect(bytes == Array(("x" + text).utf8))
    }
}
