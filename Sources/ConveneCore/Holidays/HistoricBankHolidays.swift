/// The one-off royal proclamations since 1995: extra days, and usual holidays moved
/// to another date. Kept as data, in one table, because no rule produces them; a new
/// proclamation is added in configuration first and copied here at the next release.
///
/// Names follow gov.uk/bank-holidays where it lists the year; the dates are
/// cross-checked against the `holidays` package by BankHolidayOracleTests.
enum HistoricBankHolidays {
    private static let uk = Set(BankHolidayRegion.allCases)

    /// Every historic proclamation, in date order.
    static let all: [ProclaimedBankHoliday] = [
        //    date            name                                                         moves from       regions
        entry((1995, 5, 8), "Early May bank holiday (VE day)", (1995, 5, 1), uk),
        entry((1999, 12, 31), "Millennium celebrations", nil, uk),
        entry((2002, 6, 3), "Queen’s Golden Jubilee", nil, uk),
        entry((2002, 6, 4), "Spring bank holiday", (2002, 5, 27), uk),
        entry((2011, 4, 29), "Royal wedding", nil, uk),
        entry((2012, 6, 4), "Spring bank holiday", (2012, 5, 28), uk),
        entry((2012, 6, 5), "Queen’s Diamond Jubilee", nil, uk),
        entry((2020, 5, 8), "Early May bank holiday (VE day)", (2020, 5, 4), uk),
        entry((2022, 6, 2), "Spring bank holiday", (2022, 5, 30), uk),
        entry((2022, 6, 3), "Platinum Jubilee bank holiday", nil, uk),
        entry((2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II", nil, uk),
        entry((2023, 5, 8), "Bank holiday for the coronation of King Charles III", nil, uk),
        entry((2026, 6, 15), "World Cup bank holiday", nil, [.scotland]),
    ]

    private static func entry(
        _ date: (Int, Int, Int), _ name: String, _ moved: (Int, Int, Int)?, _ regions: Set<BankHolidayRegion>
    ) -> ProclaimedBankHoliday {
        ProclaimedBankHoliday(
            date: CivilDate(uncheckedYear: date.0, month: date.1, day: date.2),
            name: name,
            replaces: moved.map { CivilDate(uncheckedYear: $0.0, month: $0.1, day: $0.2) },
            regions: regions
        )
    }
}
