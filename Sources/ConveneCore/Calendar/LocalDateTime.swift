/// A wall-clock date and time ("floating" in RFC 5545 terms): what a clock on the
/// wall shows, before a time zone says which instant it is.
public struct LocalDateTime: Hashable, Comparable, Sendable {
    public let date: CivilDate
    public let time: LocalTime

    public init(date: CivilDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// The wall time `s` seconds after 1970-01-01T00:00:00 on the same wall clock.
    public init(wallSeconds s: Int) {
        let (days, rest) = s.quotientAndRemainder(dividingBy: 86_400)
        let (d, r) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
        self.init(date: CivilDate(dayNumber: d), time: LocalTime(secondsSinceMidnight: r))
    }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock: the instant this
    /// wall time would be in UTC. Used for ordering and arithmetic on wall times.
    public var wallSeconds: Int { date.dayNumber * 86_400 + time.secondsSinceMidnight }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }
}

extension LocalDateTime: CustomStringConvertible {
    /// ISO 8601, `YYYY-MM-DDTHH:MM:SS`.
    public var description: String {
        "\(date)T\(CivilDate.pad(time.hour, 2)):\(CivilDate.pad(time.minute, 2)):\(CivilDate.pad(time.second, 2))"
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or RFC 5545's basic `YYYYMMDDTHHMMSS`; a trailing `Z` is
    /// not accepted here (that is an instant, not a wall time).
    public init?(_ text: String) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// As `init?(_:)`, from the text's UTF-8 bytes: a batch file's line is read as bytes
    /// and never made a `String`.
    public init?(utf8 bytes: ArraySlice<UInt8>) {
        guard
            let t = bytes.firstIndex(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") }),
            let date = CivilDate(utf8: bytes[..<t])
        else { return nil }
        let timePart = bytes[(t + 1)...]
        if let time = LocalTime(utf8: timePart) {
            self.init(date: date, time: time)
            return
        }
        let at = timePart.startIndex
        guard t - bytes.startIndex == 8, timePart.count == 6,
            let h = CivilDate.number(timePart[at..<at + 2]), let m = CivilDate.number(timePart[at + 2..<at + 4]),
            let s = CivilDate.number(timePart[at + 4..<at + 6]), let time = LocalTime(hour: h, minute: m, second: s)
        else { return nil }
        self.init(date: date, time: time)
    }

    /// RFC 5545 basic form, `YYYYMMDDTHHMMSS`.
    public var basicFormat: String {
        CivilDate.pad(date.year, 4) + CivilDate.pad(date.month, 2) + CivilDate.pad(date.day, 2) + "T"
            + CivilDate.pad(time.hour, 2) + CivilDate.pad(time.minute, 2) + CivilDate.pad(time.second, 2)
    }
}
