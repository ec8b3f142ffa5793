import ConveneCore

/// The RFC 5322 §3.3 date of a message (`Tue, 09 Mar 2027 10:00:00 +0000`), on the
/// organisation's wall clock with its offset, so a reader sees local time.
enum MailDate {
    static func format(instant: Int, in zone: ZoneRules) -> String {
        let zoned = zone.zoned(instant: instant)
        let local = zoned.local
        // RFC 5322 offsets are whole minutes; no zone has used seconds since 1972.
        let minutes = (abs(zoned.offset) + 30) / 60
        let sign = zoned.offset < 0 ? "-" : "+"
        return "\(local.date.weekday.shortName), \(pad(local.date.day)) \(DayText.monthName(local.date.month).prefix(3)) "
            + "\(local.date.year) \(pad(local.time.hour)):\(pad(local.time.minute)):\(pad(local.time.second)) "
            + "\(sign)\(pad(minutes / 60))\(pad(minutes % 60))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
