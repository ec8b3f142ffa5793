extension BankHolidayCalendar {
    /// Works out one year: the usual holidays, less those a proclamation moves, plus
    /// substitute weekdays, plus the proclaimed days.
    ///
    /// A fixed-date holiday on a Saturday or Sunday gets the next weekday that is not
    /// already a holiday, taking the holidays in date order. That one rule gives the
    /// substitute days gov.uk lists: Christmas on a Sunday moves to Tuesday 27th
    /// (Boxing Day keeps Monday 26th); Christmas on a Saturday to Monday 27th and
    /// Boxing Day to Tuesday 28th; and in Scotland, New Year's Day on a Sunday moves to
    /// 3 January because Monday 2 January is a holiday in its own right, as schedule 1
    /// of the 1971 Act says.
    static func computeHolidays(
        in year: Int, region: BankHolidayRegion, proclamations: [ProclaimedBankHoliday]
    ) -> [BankHoliday] {
        let moved = Set(proclamations.compactMap(\.replaces).filter { $0.year == year })
        let proclaimed = proclamations.filter { $0.date.year == year && !moved.contains($0.date) }
        let usual = BankHolidayRules.usualHolidays(in: year, region: region)
            .filter { !moved.contains($0.date) }
            .sorted { $0.date < $1.date }

        // Day numbers already holidays, so a substitute never lands on one.
        var taken = Set(usual.map(\.date.dayNumber))
        taken.formUnion(proclaimed.map(\.date.dayNumber))

        var holidays = usual.map { BankHoliday(date: $0.date, name: $0.name) }
        for entry in usual where entry.isFixedDate && entry.date.weekday.isWeekend {
            var day = entry.date.dayNumber + 1
            while CivilDate.weekday(ofDayNumber: day).isWeekend || taken.contains(day) {
                day += 1
            }
            taken.insert(day)
            let substitute = CivilDate(dayNumber: day)
            // A proclamation can move a substitute day too; the day stays taken so
            // later substitutes do not slide into it.
            if !moved.contains(substitute) {
                let name = "\(entry.name) (substitute day)"
                holidays.append(BankHoliday(date: substitute, name: name, isSubstitute: true))
            }
        }
        for day in proclaimed where !holidays.contains(where: { $0.date == day.date }) {
            // One entry per date keeps `holiday(on:)` unambiguous; a proclamation of a
            // day that is already a holiday changes nothing.
            holidays.append(BankHoliday(date: day.date, name: day.name))
        }
        return holidays.sorted { $0.date < $1.date }
    }
}
