/// Easter Sunday, from which Good Friday and Easter Monday follow.
public enum Easter {
    /// Easter Sunday of `year` in the Gregorian calendar, by the anonymous
    /// ("Meeus/Jones/Butcher") algorithm, which is exact for every Gregorian year
    /// and needs no table. Meaningful from 1583, the first full Gregorian year.
    public static func sunday(in year: Int) -> CivilDate {
        let a = year % 19  // the moon's phases repeat on the same dates every 19 years
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(uncheckedYear: year, month: month, day: day)
    }
}
