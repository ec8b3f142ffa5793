/// A parent/carer forum: families of children with special educational needs and
/// disabilities, who send representatives to co-production meetings.
public struct Forum: Hashable, Sendable, Identifiable {
    /// Also the name of its spool folder, so restricted to `[a-z][a-z0-9-]*`.
    public let id: String
    public let name: String
    /// A `District` id.
    public let district: String
    public let contacts: [Contact]
    /// Empty means any time suits.
    public let availability: [AvailabilityWindow]

    public init(id: String, name: String, district: String, contacts: [Contact], availability: [AvailabilityWindow]) {
        self.id = id
        self.name = name
        self.district = district
        self.contacts = contacts
        self.availability = availability
    }

    /// Whether a meeting from `start` to `end` on one day suits the forum.
    public func canAttend(weekday: Weekday, start: LocalTime, end: LocalTime) -> Bool {
        availability.isEmpty || availability.contains { $0.contains(weekday: weekday, start: start, end: end) }
    }
}
