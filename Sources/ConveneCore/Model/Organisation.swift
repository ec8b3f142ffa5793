/// The council service that runs the meetings: whose clock, bank holidays and
/// organiser the whole schedule uses.
public struct Organisation: Hashable, Sendable {
    public let name: String
    /// Every time in the schedule is wall-clock time in this zone.
    public let timeZone: ZoneRules
    public let region: BankHolidayRegion
    /// Who invitations come from and whom forums can ask.
    public let organiser: Contact

    public init(name: String, timeZone: ZoneRules, region: BankHolidayRegion, organiser: Contact) {
        self.name = name
        self.timeZone = timeZone
        self.region = region
        self.organiser = organiser
    }
}

extension ZoneRules: Hashable {
    public static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}
