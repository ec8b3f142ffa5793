/// The days the daemon plans over at an instant: from the first of the current month
/// (in the organisation's zone) to the end of the month `months` later. Invitations go
/// out about two weeks before a month, so three months ahead covers every lead time.
public struct PlanningWindow: Hashable, Sendable {
    public let first: CivilDate
    public let last: CivilDate
    /// The same days as instants, midnight to midnight.
    public let instants: Range<Int>

    public init(at now: Int, months: Int, in zone: ZoneRules) {
        let today = zone.zoned(instant: now).local.date
        first = CivilDate(year: today.year, month: today.month, day: 1)!
        last = today.lastOfMonth(after: months)
        instants =
            zone.resolve(LocalDateTime(date: first, time: .midnight))
            .instant..<zone.resolve(LocalDateTime(date: last.adding(days: 1), time: .midnight)).instant
    }
}
