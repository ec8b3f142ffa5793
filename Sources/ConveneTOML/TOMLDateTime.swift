/// A date and a time of day together, with the offset from UTC when the document
/// gave one (`1979-05-27T07:32:00-07:00`) and without it for a local date-time
/// (`1979-05-27T07:32:00`), whose instant depends on a time zone chosen elsewhere.
public struct TOMLDateTime: Hashable, Sendable, CustomStringConvertible {
    /// The calendar date.
    public let date: TOMLDate
    /// The time of day.
    public let time: TOMLTime
    /// Seconds east of UTC (`Z` is 0), or nil for a local date-time.
    public let offsetSeconds: Int?

    /// Makes a date-time from its parts.
    public init(date: TOMLDate, time: TOMLTime, offsetSeconds: Int?) {
        self.date = date
        self.time = time
        self.offsetSeconds = offsetSeconds
    }

    /// The date-time in RFC 3339 form; an offset of zero is written `Z`.
    public var description: String {
        let base = "\(date)T\(time)"
        guard let offset = offsetSeconds else { return base }
        if offset == 0 { return base + "Z" }
        let minutes = Int(offset.magnitude / 60)
        return base + (offset < 0 ? "-" : "+") + zeroPadded(minutes / 60, width: 2) + ":" + zeroPadded(minutes % 60, width: 2)
    }
}
