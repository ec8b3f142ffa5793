/// A time of day as written in TOML (`19:30:00`, `07:15:00.5`): a local time on its
/// own, or the time part of a date-time.
public struct TOMLTime: Hashable, Sendable, CustomStringConvertible {
    /// The hour, 0 to 23.
    public let hour: Int
    /// The minute, 0 to 59.
    public let minute: Int
    /// The second, 0 to 59.
    public let second: Int
    /// The fraction of the second in nanoseconds; digits past the ninth are dropped.
    public let nanosecond: Int

    /// Makes a time from its parts; the caller is trusted to pass a real time.
    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// The time as `HH:MM:SS`, with as many fraction digits as are not zero.
    public var description: String {
        var text = "\(zeroPadded(hour, width: 2)):\(zeroPadded(minute, width: 2)):\(zeroPadded(second, width: 2))"
        if nanosecond > 0 {
            var fraction = zeroPadded(nanosecond, width: 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }
}
