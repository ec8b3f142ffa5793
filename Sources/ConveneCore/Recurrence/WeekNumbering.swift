/// Week numbers as RFC 5545 (and ISO 8601 when weeks start on Monday) define them:
/// week 1 is the first week, starting on `weekStart`, with at least four days in the
/// year; the days before it belong to the previous year's last week.
public struct WeekNumbering: Sendable {
    public let weekStart: Weekday

    public init(weekStart: Weekday = .monday) {
        self.weekStart = weekStart
    }

    /// The day number on which week 1 of `year` starts (possibly in December before).
    public func firstWeekStart(of year: Int) -> Int {
        let january1 = CivilDate.dayNumber(year: year, month: 1, day: 1)
        let sinceWeekStart = (CivilDate.weekday(ofDayNumber: january1).rawValue - weekStart.rawValue + 7) % 7
        let weekStartDay = january1 - sinceWeekStart
        return 7 - sinceWeekStart >= 4 ? weekStartDay : weekStartDay + 7
    }

    /// The number of weeks (52 or 53) in a year's numbering.
    public func weeks(in year: Int) -> Int {
        (firstWeekStart(of: year + 1) - firstWeekStart(of: year)) / 7
    }

    /// The week a day falls in: its week-numbering year, its number, and how many
    /// weeks that year has (so negative BYWEEKNO values can be checked).
    public func week(ofDayNumber day: Int) -> (year: Int, number: Int, weeksInYear: Int) {
        let year = CivilDate(dayNumber: day).year
        var weekYear = year
        var start = firstWeekStart(of: year)
        if day < start {
            weekYear = year - 1
            start = firstWeekStart(of: weekYear)
        } else {
            let next = firstWeekStart(of: year + 1)
            if day >= next {
                weekYear = year + 1
                start = next
            }
        }
        return (weekYear, (day - start) / 7 + 1, weeks(in: weekYear))
    }
}
