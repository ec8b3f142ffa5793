/// The council service that runs the meetings: whose clock, bank holidays and
/// organiser the whole schedule uses.
public struct Organisation: Hashable, Sendable {
    public let name: String
    /// Every time in the schedule is wall-clock time in this zone.
    public let timeZone: ZoneRules
    public let region: BankHolidayRegion
    /// Who invitations come from and whom forums can ask.
    public let organiser: Contact
    /// Where answers go: the ORGANIZER of every calendar message (calendar programs send
    /// their Yes / No / Maybe there) and the `Reply-To:` of every email. By default the
    /// organiser's address; the MTA delivers it into the daemon's inbox.
    public let replyAddress: String
    /// The domain in every occurrence's UID (`stakeholder-forum-20270413@example.org`);
    /// by default the organiser's email domain. Changing it changes every UID.
    public let uidDomain: String

    public init(
        name: String, timeZone: ZoneRules, region: BankHolidayRegion, organiser: Contact, uidDomain: String? = nil,
        replyAddress: String? = nil
    ) {
        self.name = name
        self.replyAddress = replyAddress ?? organiser.email
        self.timeZone = timeZone
        self.region = region
        self.organiser = organiser
        self.uidDomain = uidDomain ?? organiser.email.split(separator: "@").last.map { $0.lowercased() } ?? "convene.invalid"
    }
}

extension ZoneRules: Hashable {
    public static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}
