import ConveneCore

/// Dates and times as the message writes them, built digit by digit in one small
/// buffer. They read exactly as ConveneCore's `basicFormat`, `utcBasicFormat` and
/// `DayText.time`, which join a String for every field: a message needs several, and
/// that joining had grown to a tenth of the time it took to render one.
enum DateDigits {
    /// RFC 5545 basic form, `YYYYMMDDTHHMMSS`, as `LocalDateTime.basicFormat`.
    static func basic(_ time: LocalDateTime) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendBasic(time, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An instant in UTC, `YYYYMMDDTHHMMSSZ`, as `ZonedDateTime.utcBasicFormat`.
    static func utcBasic(instant: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendBasic(LocalDateTime(wallSeconds: instant), to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `10:00`, as `DayText.time`.
    static func clock(_ time: LocalTime) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(5)
        append(time.hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        append(time.minute, width: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendBasic(_ time: LocalDateTime, to out: inout [UInt8]) {
        append(time.date.year, width: 4, to: &out)
        append(time.date.month, width: 2, to: &out)
        append(time.date.day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        append(time.time.hour, width: 2, to: &out)
        append(time.time.minute, width: 2, to: &out)
        append(time.time.second, width: 2, to: &out)
    }

    /// `value` in decimal with at least `width` digits, zeros in front, and `-` before
    /// the digits of a negative number, as `CivilDate.pad` writes it.
    static func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        // The place value of the first digit, and how many digits there are.
        var place: UInt = 1
        var digitCount = 1
        while place <= magnitude / 10 {
            place *= 10
            digitCount += 1
        }
        for _ in digitCount..<max(width, digitCount) { out.append(UInt8(ascii: "0")) }
        while place > 0 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude / place % 10))
            place /= 10
        }
    }
}
