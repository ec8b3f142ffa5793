/// Everything Convene knows about the organisation, checked and complete: made only
/// by `ConfigurationLoader` (or tests), never half-valid.
public struct Configuration: Equatable, Sendable {
    public let organisation: Organisation
    public let districts: [District]
    public let venues: [Venue]
    /// Sorted by id.
    public let forums: [Forum]
    /// Sorted by id.
    public let series: [MeetingSeries]
    public let terms: TermCalendar
    public let closures: [Closure]
    public let proclaimedBankHolidays: [ProclaimedBankHoliday]
    public let notifications: NotificationSettings
    public let scheduling: SchedulingSettings
    /// The organisation's bank holidays, proclaimed days included.
    public let bankHolidays: BankHolidayCalendar

    public init(organisation: Organisation, districts: [District], venues: [Venue], forums: [Forum],
                series: [MeetingSeries], terms: TermCalendar = .none, closures: [Closure] = [],
                proclaimedBankHolidays: [ProclaimedBankHoliday] = [],
                notifications: NotificationSettings = NotificationSettings(),
                scheduling: SchedulingSettings = SchedulingSettings()) {
        self.organisation = organisation
        self.districts = districts
        self.venues = venues
        self.forums = forums.sorted { $0.id < $1.id }
        self.series = series.sorted { $0.id < $1.id }
        self.terms = terms
        self.closures = closures
        self.proclaimedBankHolidays = proclaimedBankHolidays
        self.notifications = notifications
        self.scheduling = scheduling
        bankHolidays = BankHolidayCalendar(region: organisation.region, proclaimed: proclaimedBankHolidays)
    }

    public func venue(_ id: String) -> Venue? { venues.first { $0.id == id } }
    public func forum(_ id: String) -> Forum? { forums.first { $0.id == id } }
    public func series(_ id: String) -> MeetingSeries? { series.first { $0.id == id } }
}
