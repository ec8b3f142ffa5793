import ConveneCore
import Testing

/// `[privacy] keep_reasons`: periods read as written and counted back on the calendar.
@Suite struct RetentionPeriodTests {
    @Test(arguments: [
        ("P2Y", 2, 0, 0), ("p18m", 0, 18, 0), ("P1Y6M", 1, 6, 0), ("P90D", 0, 0, 90), ("P12W", 0, 0, 84),
        ("P1Y2W3D", 1, 0, 17),
    ])
    func aPeriodIsReadAsWritten(text: String, years: Int, months: Int, days: Int) throws {
        let period = try #require(RetentionPeriod(text))
        #expect((period.years, period.months, period.days) == (years, months, days))
    }

    @Test(arguments: ["", "P", "2Y", "P2", "PT1H", "P1M1Y", "P0D", "P1Y1Y", "two years", "P123456D"])
    func anythingElseIsRefused(text: String) {
        #expect(RetentionPeriod(text) == nil)
    }

    @Test func itCountsBackOnTheCalendarInTheOrganisationsZone() throws {
        let zone = try #require(ZoneRules(identifier: "Europe/London"))
        func instant(_ date: CivilDate, _ hour: Int) -> Int {
            zone.resolve(LocalDateTime(date: date, time: LocalTime(hour: hour, minute: 0, second: 0)!)).instant
        }
        // Summer time now, winter time two years and some months before: the same wall clock.
        let now = instant(CivilDate(year: 2027, month: 7, day: 1)!, 9)
        #expect(
            RetentionPeriod(years: 2, months: 5).cutoff(before: now, in: zone)
                == instant(CivilDate(year: 2025, month: 2, day: 1)!, 9))
        // The 29th of February, a year later, is the 28th.
        let leap = instant(CivilDate(year: 2028, month: 2, day: 29)!, 12)
        #expect(
            RetentionPeriod(years: 1).cutoff(before: leap, in: zone) == instant(CivilDate(year: 2027, month: 2, day: 28)!, 12))
        #expect(
            RetentionPeriod(days: 90).cutoff(before: leap, in: zone) == instant(CivilDate(year: 2027, month: 12, day: 1)!, 12))
    }
}
