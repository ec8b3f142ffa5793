/// When a forum's representatives can attend: on these weekdays, between these
/// wall-clock times (school hours 09:30–14:30, or evenings for working parents).
public struct AvailabilityWindow: Hashable, Sendable {
    public let days: Set<Weekday>
    public let from: LocalTime
    public let to: LocalTime

    public init(days: Set<Weekday>, from: LocalTime, to: LocalTime) {
        self.days = days
        self.from = from
        self.to = to
    }

    /// Whether a meeting on `weekday` from `start` to `end` (same day) fits inside.
    public func contains(weekday: Weekday, start: LocalTime, end: LocalTime) -> Bool {
        days.contains(weekday) && from <= start && end <= to
    }
}
