import ConveneCore
import Testing

@Suite struct BankHolidayTests {
    /// A year's expected holidays, written as gov.uk lists them: "YYYY-MM-DD Name".
    struct Expected: Sendable, CustomTestStringConvertible {
        let region: BankHolidayRegion
        let year: Int
        let lines: [String]

        var testDescription: String { "\(region.displayName) \(year)" }
    }

    private func date(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test(arguments: [
        "1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21",
        "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22",
    ])
    func easterSundayFallsOnTheKnownDate(_ expected: String) {
        let sunday = Easter.sunday(in: date(expected).year)
        #expect(sunday == date(expected))
        #expect(sunday.weekday == .sunday)
    }

    @Test func easterSundayIsAlwaysASundayBetween22MarchAnd25April() {
        for year in 1583...3000 {
            let sunday = Easter.sunday(in: year)
            #expect(sunday.weekday == .sunday)
            #expect(sunday >= CivilDate(year: year, month: 3, day: 22)!)
            #expect(sunday <= CivilDate(year: year, month: 4, day: 25)!)
        }
    }

    @Test(arguments: [
        Expected(
            region: .englandAndWales, year: 2020,
            lines: [
                "2020-01-01 New Year’s Day", "2020-04-10 Good Friday", "2020-04-13 Easter Monday",
                "2020-05-08 Early May bank holiday (VE day)", "2020-05-25 Spring bank holiday",
                "2020-08-31 Summer bank holiday", "2020-12-25 Christmas Day", "2020-12-26 Boxing Day",
                "2020-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .scotland, year: 2020,
            lines: [
                "2020-01-01 New Year’s Day", "2020-01-02 2nd January", "2020-04-10 Good Friday",
                "2020-05-08 Early May bank holiday (VE day)", "2020-05-25 Spring bank holiday",
                "2020-08-03 Summer bank holiday", "2020-11-30 St Andrew’s Day", "2020-12-25 Christmas Day",
                "2020-12-26 Boxing Day", "2020-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .northernIreland, year: 2020,
            lines: [
                "2020-01-01 New Year’s Day", "2020-03-17 St Patrick’s Day", "2020-04-10 Good Friday",
                "2020-04-13 Easter Monday", "2020-05-08 Early May bank holiday (VE day)",
                "2020-05-25 Spring bank holiday", "2020-07-12 Battle of the Boyne (Orangemen’s Day)",
                "2020-07-13 Battle of the Boyne (Orangemen’s Day) (substitute day)",
                "2020-08-31 Summer bank holiday", "2020-12-25 Christmas Day", "2020-12-26 Boxing Day",
                "2020-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .englandAndWales, year: 2022,
            lines: [
                "2022-01-01 New Year’s Day", "2022-01-03 New Year’s Day (substitute day)",
                "2022-04-15 Good Friday", "2022-04-18 Easter Monday", "2022-05-02 Early May bank holiday",
                "2022-06-02 Spring bank holiday", "2022-06-03 Platinum Jubilee bank holiday",
                "2022-08-29 Summer bank holiday",
                "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
                "2022-12-25 Christmas Day", "2022-12-26 Boxing Day", "2022-12-27 Christmas Day (substitute day)",
            ]),
        Expected(
            region: .scotland, year: 2022,
            lines: [
                "2022-01-01 New Year’s Day", "2022-01-02 2nd January",
                "2022-01-03 New Year’s Day (substitute day)", "2022-01-04 2nd January (substitute day)",
                "2022-04-15 Good Friday", "2022-05-02 Early May bank holiday", "2022-06-02 Spring bank holiday",
                "2022-06-03 Platinum Jubilee bank holiday", "2022-08-01 Summer bank holiday",
                "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
                "2022-11-30 St Andrew’s Day", "2022-12-25 Christmas Day", "2022-12-26 Boxing Day",
                "2022-12-27 Christmas Day (substitute day)",
            ]),
        Expected(
            region: .northernIreland, year: 2022,
            lines: [
                "2022-01-01 New Year’s Day", "2022-01-03 New Year’s Day (substitute day)",
                "2022-03-17 St Patrick’s Day", "2022-04-15 Good Friday", "2022-04-18 Easter Monday",
                "2022-05-02 Early May bank holiday", "2022-06-02 Spring bank holiday",
                "2022-06-03 Platinum Jubilee bank holiday", "2022-07-12 Battle of the Boyne (Orangemen’s Day)",
                "2022-08-29 Summer bank holiday",
                "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
                "2022-12-25 Christmas Day", "2022-12-26 Boxing Day", "2022-12-27 Christmas Day (substitute day)",
            ]),
        Expected(
            region: .scotland, year: 2023,
            lines: [
                "2023-01-01 New Year’s Day", "2023-01-02 2nd January",
                "2023-01-03 New Year’s Day (substitute day)", "2023-04-07 Good Friday",
                "2023-05-01 Early May bank holiday",
                "2023-05-08 Bank holiday for the coronation of King Charles III",
                "2023-05-29 Spring bank holiday", "2023-08-07 Summer bank holiday",
                "2023-11-30 St Andrew’s Day", "2023-12-25 Christmas Day", "2023-12-26 Boxing Day",
            ]),
        Expected(
            region: .englandAndWales, year: 2026,
            lines: [
                "2026-01-01 New Year’s Day", "2026-04-03 Good Friday", "2026-04-06 Easter Monday",
                "2026-05-04 Early May bank holiday", "2026-05-25 Spring bank holiday",
                "2026-08-31 Summer bank holiday", "2026-12-25 Christmas Day", "2026-12-26 Boxing Day",
                "2026-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .scotland, year: 2026,
            lines: [
                "2026-01-01 New Year’s Day", "2026-01-02 2nd January", "2026-04-03 Good Friday",
                "2026-05-04 Early May bank holiday", "2026-05-25 Spring bank holiday",
                "2026-06-15 World Cup bank holiday", "2026-08-03 Summer bank holiday",
                "2026-11-30 St Andrew’s Day", "2026-12-25 Christmas Day", "2026-12-26 Boxing Day",
                "2026-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .northernIreland, year: 2026,
            lines: [
                "2026-01-01 New Year’s Day", "2026-03-17 St Patrick’s Day", "2026-04-03 Good Friday",
                "2026-04-06 Easter Monday", "2026-05-04 Early May bank holiday", "2026-05-25 Spring bank holiday",
                "2026-07-12 Battle of the Boyne (Orangemen’s Day)",
                "2026-07-13 Battle of the Boyne (Orangemen’s Day) (substitute day)",
                "2026-08-31 Summer bank holiday", "2026-12-25 Christmas Day", "2026-12-26 Boxing Day",
                "2026-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .englandAndWales, year: 2027,
            lines: [
                "2027-01-01 New Year’s Day", "2027-03-26 Good Friday", "2027-03-29 Easter Monday",
                "2027-05-03 Early May bank holiday", "2027-05-31 Spring bank holiday",
                "2027-08-30 Summer bank holiday", "2027-12-25 Christmas Day", "2027-12-26 Boxing Day",
                "2027-12-27 Christmas Day (substitute day)", "2027-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .scotland, year: 2027,
            lines: [
                "2027-01-01 New Year’s Day", "2027-01-02 2nd January",
                "2027-01-04 2nd January (substitute day)", "2027-03-26 Good Friday",
                "2027-05-03 Early May bank holiday", "2027-05-31 Spring bank holiday",
                "2027-08-02 Summer bank holiday", "2027-11-30 St Andrew’s Day", "2027-12-25 Christmas Day",
                "2027-12-26 Boxing Day", "2027-12-27 Christmas Day (substitute day)",
                "2027-12-28 Boxing Day (substitute day)",
            ]),
        Expected(
            region: .northernIreland, year: 2027,
            lines: [
                "2027-01-01 New Year’s Day", "2027-03-17 St Patrick’s Day", "2027-03-26 Good Friday",
                "2027-03-29 Easter Monday", "2027-05-03 Early May bank holiday", "2027-05-31 Spring bank holiday",
                "2027-07-12 Battle of the Boyne (Orangemen’s Day)", "2027-08-30 Summer bank holiday",
                "2027-12-25 Christmas Day", "2027-12-26 Boxing Day",
                "2027-12-27 Christmas Day (substitute day)", "2027-12-28 Boxing Day (substitute day)",
            ]),
    ])
    func aYearListsTheHolidaysGovUKPublishes(_ expected: Expected) {
        let holidays = BankHolidayCalendar(region: expected.region).holidays(in: expected.year)
        #expect(holidays.map { "\($0.date) \($0.name)" } == expected.lines)
        for holiday in holidays {
            #expect(holiday.isSubstitute == holiday.name.hasSuffix(" (substitute day)"))
        }
    }

    @Test func stAndrewsDayStartsIn2007WhenItsActWasPassed() {
        let scotland = BankHolidayCalendar(region: .scotland)
        #expect(!scotland.isBankHoliday(date("2006-11-30")))
        #expect(scotland.holiday(on: date("2007-11-30"))?.name == "St Andrew’s Day")
    }

    @Test func aProclaimedDayIsAddedOnlyInItsRegions() {
        let extra = ProclaimedBankHoliday(
            date: date("2030-06-07"), name: "Bank holiday for a royal occasion", regions: [.scotland])
        let scotland = BankHolidayCalendar(region: .scotland, proclaimed: [extra])
        let england = BankHolidayCalendar(region: .englandAndWales, proclaimed: [extra])
        #expect(
            scotland.holiday(on: date("2030-06-07"))
                == BankHoliday(date: date("2030-06-07"), name: "Bank holiday for a royal occasion"))
        #expect(!england.isBankHoliday(date("2030-06-07")))
    }

    @Test func aProclamationThatReplacesAHolidayMovesIt() {
        let moved = ProclaimedBankHoliday(
            date: date("2031-05-09"), name: "Early May bank holiday", replaces: date("2031-05-05"))
        let calendar = BankHolidayCalendar(region: .englandAndWales, proclaimed: [moved])
        #expect(!calendar.isBankHoliday(date("2031-05-05")))
        #expect(calendar.holiday(on: date("2031-05-09"))?.name == "Early May bank holiday")
        let usual = BankHolidayCalendar(region: .englandAndWales).holidays(in: 2031)
        #expect(calendar.holidays(in: 2031).count == usual.count)
    }

    @Test func aProclamationCanMoveASubstituteDay() {
        // 2032: Christmas Day is a Saturday, so Monday 27th substitutes for it.
        let moved = ProclaimedBankHoliday(
            date: date("2032-12-29"), name: "Christmas Day (moved)", replaces: date("2032-12-27"))
        let calendar = BankHolidayCalendar(region: .englandAndWales, proclaimed: [moved])
        let december = calendar.holidays(in: 2032).filter { $0.date.month == 12 }.map { "\($0.date) \($0.name)" }
        #expect(
            december == [
                "2032-12-25 Christmas Day", "2032-12-26 Boxing Day",
                "2032-12-28 Boxing Day (substitute day)", "2032-12-29 Christmas Day (moved)",
            ])
    }

    @Test func aProclaimedDayTakesPrecedenceOverSubstitutesLandingOnIt() {
        // With 27 December 2032 already proclaimed, Christmas's substitute moves on.
        let extra = ProclaimedBankHoliday(date: date("2032-12-27"), name: "Extra day")
        let calendar = BankHolidayCalendar(region: .englandAndWales, proclaimed: [extra])
        #expect(calendar.holiday(on: date("2032-12-28"))?.name == "Christmas Day (substitute day)")
        #expect(calendar.holiday(on: date("2032-12-29"))?.name == "Boxing Day (substitute day)")
    }

    @Test(arguments: BankHolidayRegion.allCases)
    func holidayOnADayAgreesWithTheYearsList(_ region: BankHolidayRegion) {
        let calendar = BankHolidayCalendar(region: region)
        // Inside the precomputed years and outside them on both sides.
        for year in [1985, 1999, 2000, 2011, 2022, 2023, 2026, 2027, 2100, 2101, 2150] {
            let listed = Dictionary(uniqueKeysWithValues: calendar.holidays(in: year).map { ($0.date, $0) })
            #expect(calendar.holidays(in: year).map(\.date) == listed.keys.sorted())
            let first = CivilDate(year: year, month: 1, day: 1)!.dayNumber
            for day in first..<(first + CivilDate.daysInYear(year)) {
                let date = CivilDate(dayNumber: day)
                #expect(calendar.holiday(on: date) == listed[date])
                #expect(calendar.isBankHoliday(date) == (listed[date] != nil))
            }
        }
    }

    @Test(arguments: BankHolidayRegion.allCases)
    func substituteDaysAlwaysFallOnWeekdays(_ region: BankHolidayRegion) {
        let calendar = BankHolidayCalendar(region: region)
        for year in 1990...2100 {
            for holiday in calendar.holidays(in: year) where holiday.isSubstitute {
                #expect(!holiday.date.weekday.isWeekend, "\(holiday.date) \(holiday.name)")
            }
        }
    }

    @Test func regionsUseGovUKsDivisionNames() {
        #expect(BankHolidayRegion(rawValue: "england-and-wales") == .englandAndWales)
        #expect(BankHolidayRegion.northernIreland.displayName == "Northern Ireland")
    }
}
