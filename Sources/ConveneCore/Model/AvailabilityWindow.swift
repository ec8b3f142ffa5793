/// When a forum's representatives can attend: on these weekdays, between these
/// wall-clock times (school hours 09:30–14:30, or evenings for working parents).
public struct AvailabilityWindow: Hashable, Sendable {
    public let days: Set<Weekday>
    public let from: LocalTime
    public let to: LocalTime
    /// `days` as bits (Monday = bit 0): the scheduler asks for every candidate slot.
    private let dayBits: UInt8

    public init(days: Set<Weekday>, from: LocalTime, to: LocalTime) {
        self.days = days
        self.from = from
        self.to = to
        dayBits = days.reduce(0) { $0 | 1 << UInt8($1.rawValue) }
    }

    /// Whether a meeting on `weekday` from `start` to `end` (same day) fits inside.
    public func contains(weekday: Weekday, start: LocalTime, end: LocalTime) -> Bool {
        dayBits & (1 << UInt8(weekday.rawValue)) != 0 && from <= start && end <= to
    }
}
