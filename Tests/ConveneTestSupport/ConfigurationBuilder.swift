import ConveneCore

/// Small configurations for scheduler tests, written in a few lines: two districts
/// with a venue each, forums, and series made by `series(…)`.
public struct ConfigurationBuilder: Sendable {
    public var districts = [District(id: "north", name: "North"), District(id: "south", name: "South")]
    public var venues = [
        Venue(id: "county-hall", name: "County Hall", district: "north", capacity: 60, stepFree: true),
        Venue(id: "south-library", name: "South Library", district: "south", capacity: 30, stepFree: true),
    ]
    public var forums = [
        Forum(
            id: "north-parents", name: "North Parents", district: "north",
            contacts: [Contact(name: "Secretary", email: "north@example.org")], availability: []),
        Forum(
            id: "south-parents", name: "South Parents", district: "south",
            contacts: [Contact(name: "Secretary", email: "south@example.org")], availability: []),
    ]
    public var series: [MeetingSeries] = []
    public var terms = TermCalendar.none
    public var closures: [Closure] = []
    public var proclaimed: [ProclaimedBankHoliday] = []
    public var travelGap = ISODuration(seconds: 45 * 60)
    public var notifications = NotificationSettings()
    public var zone = "Europe/London"

    public init() {}

    public var inbox = InboxSettings()
    public var privacy = PrivacySettings()
    public var delivery = DeliverySettings()
    public var officers = [Officer(id: "send-lead", name: "Priya Shah, Head of SEND", email: "send.lead@example.org")]

    public func build() -> Configuration {
        Configuration(
            organisation: Organisation(
                name: "Test Council", timeZone: ZoneRules(identifier: zone)!, region: .englandAndWales,
                organiser: Contact(name: "Participation", email: "participation@example.org")),
            districts: districts, venues: venues, forums: forums, series: series, terms: terms, closures: closures,
            proclaimedBankHolidays: proclaimed, notifications: notifications,
            scheduling: SchedulingSettings(travelGap: travelGap), inbox: inbox, privacy: privacy, delivery: delivery,
            officers: officers)
    }

    /// A series starting at `start` (its first date and time) with `rule`.
    public static func series(
        _ id: String, _ rule: String, start: String, minutes: Int = 120, venue: String? = "county-hall",
        online: String? = nil, invited: [String] = ["north-parents", "south-parents"],
        priority: Int = 50, onClosed: ClosedDayPolicy = .skip, maxMoveDays: Int = 7,
        sameMonth: Bool = true, termTimeOnly: Bool = false, attendance: Int? = nil, chase: Chase? = nil
    ) -> MeetingSeries {
        MeetingSeries(
            id: id, title: id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " "),
            recurrence: Recurrence(start: LocalDateTime(start)!, rule: try! RecurrenceRule(parsing: rule)),
            duration: ISODuration(seconds: minutes * 60), venue: venue, online: online, invited: invited, priority: priority,
            onClosed: onClosed, maxMoveDays: maxMoveDays, sameMonth: sameMonth, termTimeOnly: termTimeOnly,
            attendance: attendance, chase: chase)
    }
}

extension CivilDate {
    /// `"2027-03-09"` as a date, for tests.
    public static func on(_ text: String) -> CivilDate { CivilDate(text)! }
}
