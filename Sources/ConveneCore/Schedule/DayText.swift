/// Dates as reasons write them for parents: "Tue 26 May", "25–29 May", "24 Dec–1 Jan".
public enum DayText {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// "Tue 26 May".
    public static func day(_ date: CivilDate) -> String {
        "\(date.weekday.shortName) \(date.day) \(months[date.month - 1])"
    }

    /// "Tue 26 May 2027".
    public static func dayWithYear(_ date: CivilDate) -> String { "\(day(date)) \(date.year)" }

    /// "25–29 May", "28 Mar–12 Apr", "24 Dec 2026–1 Jan 2027"; a single day as "26 May".
    public static func range(_ dates: ClosedRange<CivilDate>) -> String {
        let (a, b) = (dates.lowerBound, dates.upperBound)
        if a == b { return "\(a.day) \(months[a.month - 1])" }
        if a.year != b.year {
            return "\(a.day) \(months[a.month - 1]) \(a.year)–\(b.day) \(months[b.month - 1]) \(b.year)"
        }
        if a.month == b.month { return "\(a.day)–\(b.day) \(months[a.month - 1])" }
        return "\(a.day) \(months[a.month - 1])–\(b.day) \(months[b.month - 1])"
    }

    /// "May".
    public static func monthName(_ month: Int) -> String { monthNames[month - 1] }

    /// "10:00".
    public static func time(_ time: LocalTime) -> String {
        "\(CivilDate.pad(time.hour, 2)):\(CivilDate.pad(time.minute, 2))"
    }
}
