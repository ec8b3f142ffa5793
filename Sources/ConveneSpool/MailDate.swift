import ConveneCore

/// The RFC 5322 §3.3 date of a message (`Tue, 09 Mar 2027 10:00:00 +0000`), on the
/// organisation's wall clock with its offset, so a reader sees local time.
enum MailDate {
    static func format(instant: Int, in zone: ZoneRules) -> String {
        let zoned = zone.zoned(instant: instant)
        let local = zoned.local
        // RFC 5322 offsets are whole minutes; no zone has used seconds since 1972.
        let minutes = (abs(zoned.offset) + 30) / 60
        var out: [UInt8] = []
        out.reserveCapacity(32)
        // The English names are ASCII, so their first three bytes are their first three letters.
        out.append(contentsOf: local.date.weekday.name.utf8.prefix(3))
        out.append(contentsOf: ", ".utf8)
        DateDigits.append(local.date.day, width: 2, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: DayText.monthName(local.date.month).utf8.prefix(3))
        out.append(UInt8(ascii: " "))
        DateDigits.append(local.date.year, width: 1, to: &out)
        out.append(UInt8(ascii: " "))
        DateDigits.append(local.time.hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        DateDigits.append(local.time.minute, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        DateDigits.append(local.time.second, width: 2, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(zoned.offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        DateDigits.append(minutes / 60, width: 2, to: &out)
        DateDigits.append(minutes % 60, width: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
