/// The standing rules that fix a region's bank holidays every year: schedule 1 of
/// the Banking and Financial Dealings Act 1971, the St Andrew's Day Bank Holiday
/// (Scotland) Act 2007, and the days appointed by the same royal proclamation
/// every year (New Year's Day outside Scotland, the Early May bank holiday, Boxing
/// Day in Scotland, the Battle of the Boyne).
///
/// One-off proclamations are not here but in `HistoricBankHolidays`, and substitute
/// days are worked out by `BankHolidayCalendar`, because both depend on the whole
/// year's list. Years before 1971, when Whit Monday and the first Monday of August
/// were the English holidays, are not modelled.
enum BankHolidayRules {
    /// A holiday on the date the rules give it, before any substitute or proclamation.
    struct Entry: Hashable, Sendable {
        let date: CivilDate
        let name: String
        /// True for a holiday tied to a day of the month, which can fall on a weekend
        /// and then earns a substitute weekday.
        let isFixedDate: Bool
    }

    /// The year's usual holidays in `region`, in date order, names as gov.uk writes them.
    static func usualHolidays(in year: Int, region: BankHolidayRegion) -> [Entry] {
        let scotland = region == .scotland
        let easter = Easter.sunday(in: year)
        var list: [Entry] = []
        func fixed(_ month: Int, _ day: Int, _ name: String) {
            let date = CivilDate(uncheckedYear: year, month: month, day: day)
            list.append(Entry(date: date, name: name, isFixedDate: true))
        }
        func movable(_ date: CivilDate, _ name: String) {
            list.append(Entry(date: date, name: name, isFixedDate: false))
        }
        // Every month has a first and a last Monday, so these never fail.
        func monday(_ n: Int, of month: Int) -> CivilDate {
            CivilDate.nthWeekday(n, .monday, year: year, month: month)!
        }

        // Statutory in Scotland; elsewhere proclaimed every year since 1974.
        if scotland || year >= 1974 { fixed(1, 1, "New Year’s Day") }
        if scotland { fixed(1, 2, "2nd January") }
        if region == .northernIreland { fixed(3, 17, "St Patrick’s Day") }
        movable(easter.adding(days: -2), "Good Friday")
        if !scotland { movable(easter.adding(days: 1), "Easter Monday") }
        if year >= 1978 { movable(monday(1, of: 5), "Early May bank holiday") }
        movable(monday(-1, of: 5), "Spring bank holiday")
        if region == .northernIreland { fixed(7, 12, "Battle of the Boyne (Orangemen’s Day)") }
        // Scotland kept the 1871 Act's first Monday of August when England moved to the last.
        movable(scotland ? monday(1, of: 8) : monday(-1, of: 8), "Summer bank holiday")
        // The 2007 Act received Royal Assent on 15 January 2007, so 30 November 2006 was
        // an ordinary day (the `holidays` package counts it; see BankHolidayOracleTests).
        if scotland && year >= 2007 { fixed(11, 30, "St Andrew’s Day") }
        fixed(12, 25, "Christmas Day")
        // Boxing Day reached Scotland by proclamation in 1974.
        if !scotland || year >= 1974 { fixed(12, 26, "Boxing Day") }
        return list
    }
}
