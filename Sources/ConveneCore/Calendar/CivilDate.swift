/// A day in the proleptic Gregorian calendar, with no time zone attached.
///
/// Arithmetic goes through `dayNumber` (days since 1970-01-01), using the
/// branch-free conversions from Howard Hinnant's "chrono-compatible low-level
/// date algorithms", so no Foundation `Calendar` is involved and nothing
/// depends on a locale's first weekday.
public struct CivilDate: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil if the month or day is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative for earlier dates).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(uncheckedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        CivilDate.dayNumber(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 of a year, month and day (the day may overflow the month).
    @inlinable
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The weekday of a day number.
    @inlinable
    public static func weekday(ofDayNumber n: Int) -> Weekday {
        // 1970-01-01 was a Thursday (3 in Monday-first numbering).
        let r = (n + 3) % 7
        return Weekday(rawValue: r < 0 ? r + 7 : r)!
    }

    public var weekday: Weekday { CivilDate.weekday(ofDayNumber: dayNumber) }

    /// 1 for 1 January.
    public var dayOfYear: Int {
        dayNumber - CivilDate.dayNumber(year: year, month: 1, day: 1) + 1
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The last day of the month `months` after this date's (0: this month's).
    public func lastOfMonth(after months: Int) -> CivilDate {
        let index = year * 12 + month - 1 + months
        let (year, month) = (index / 12, index % 12 + 1)
        return CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))!
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    @inlinable
    public static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    /// The `n`th `weekday` of a month: n = 1 is the first, n = -1 the last; nil if there is none
    /// (a 5th Friday in a month that has four).
    public static func nthWeekday(_ n: Int, _ weekday: Weekday, year: Int, month: Int) -> CivilDate? {
        let length = daysInMonth(year: year, month: month)
        let first = dayNumber(year: year, month: month, day: 1)
        let day: Int
        if n > 0 {
            let offset = (weekday.rawValue - CivilDate.weekday(ofDayNumber: first).rawValue + 7) % 7
            day = 1 + offset + (n - 1) * 7
        } else {
            let last = first + length - 1
            let offset = (CivilDate.weekday(ofDayNumber: last).rawValue - weekday.rawValue + 7) % 7
            day = length - offset + (n + 1) * 7
        }
        return (1...length).contains(day) ? CivilDate(uncheckedYear: year, month: month, day: day) : nil
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// ISO 8601, `YYYY-MM-DD`.
    public var description: String {
        "\(CivilDate.pad(year, 4))-\(CivilDate.pad(month, 2))-\(CivilDate.pad(day, 2))"
    }

    /// Parses `YYYY-MM-DD` (ISO 8601 extended) or `YYYYMMDD` (ISO 8601 basic, as in RFC 5545).
    public init?(_ text: String) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// As `init?(_:)`, from the text's UTF-8 bytes.
    public init?(utf8 digits: ArraySlice<UInt8>) {
        let at = digits.startIndex
        // The month's and the day's offsets: `YYYY-MM-DD` or `YYYYMMDD`.
        let (month, day): (Int, Int)
        switch digits.count {
        case 10 where digits[at + 4] == UInt8(ascii: "-") && digits[at + 7] == UInt8(ascii: "-"): (month, day) = (5, 8)
        case 8: (month, day) = (4, 6)
        default: return nil
        }
        guard let y = CivilDate.number(digits[at..<at + 4]), let m = CivilDate.number(digits[at + month..<at + month + 2]),
            let d = CivilDate.number(digits[at + day..<at + day + 2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = text.count < width ? String(repeating: "0", count: width - text.count) + text : text
        return value < 0 ? "-" + padded : padded
    }
}
