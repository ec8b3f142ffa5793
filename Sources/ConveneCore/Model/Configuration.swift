/// Everything Convene knows about the organisation, checked and complete: made only
/// by `ConfigurationLoader` (or tests), never half-valid.
public struct Configuration: Equatable, Sendable {
    public let organisation: Organisation
    /// Sorted by id.
    public let districts: [District]
    /// Sorted by id.
    public let venues: [Venue]
    /// Sorted by id.
    public let forums: [Forum]
    /// Sorted by id.
    public private(set) var series: [MeetingSeries]
    /// The officers who may own actions, sorted by id.
    public let officers: [Officer]
    public let terms: TermCalendar
    public let closures: [Closure]
    public let proclaimedBankHolidays: [ProclaimedBankHoliday]
    public let notifications: NotificationSettings
    public let scheduling: SchedulingSettings
    /// Who may change the schedule through the control socket.
    public let control: ControlSettings
    /// Where the forums' public calendar feeds are reached.
    public let feeds: FeedSettings
    /// What happens to messages from forums that need a person.
    public let inbox: InboxSettings
    /// The MTA hand-off, if any.
    public let delivery: DeliverySettings
    /// How long parents' reasons are kept.
    public let privacy: PrivacySettings
    /// The organisation's bank holidays, proclaimed days included.
    public let bankHolidays: BankHolidayCalendar
    /// Positions by id, for lookups in large (national) configurations.
    private let venueIndex: [String: Int]
    private let forumIndex: [String: Int]
    private let seriesIndex: [String: Int]

    public init(
        organisation: Organisation, districts: [District], venues: [Venue], forums: [Forum],
        series: [MeetingSeries], terms: TermCalendar = .none, closures: [Closure] = [],
        proclaimedBankHolidays: [ProclaimedBankHoliday] = [],
        notifications: NotificationSettings = NotificationSettings(),
        scheduling: SchedulingSettings = SchedulingSettings(), control: ControlSettings = ControlSettings(),
        feeds: FeedSettings = FeedSettings(), inbox: InboxSettings = InboxSettings(),
        privacy: PrivacySettings = PrivacySettings(), delivery: DeliverySettings = DeliverySettings(),
        officers: [Officer] = []
    ) {
        self.officers = officers.sorted { $0.id < $1.id }
        self.delivery = delivery
        self.inbox = inbox
        self.privacy = privacy
        self.organisation = organisation
        self.districts = districts.sorted { $0.id < $1.id }
        self.venues = venues.sorted { $0.id < $1.id }
        self.forums = forums.sorted { $0.id < $1.id }
        self.series = series.sorted { $0.id < $1.id }
        self.terms = terms
        // Sorted, so which closure names a day never depends on the order files were read.
        self.closures = closures.sorted {
            ($0.from, $0.to, $0.venue ?? "", $0.reason) < ($1.from, $1.to, $1.venue ?? "", $1.reason)
        }
        self.proclaimedBankHolidays = proclaimedBankHolidays
        self.notifications = notifications
        self.scheduling = scheduling
        self.control = control
        self.feeds = feeds
        bankHolidays = BankHolidayCalendar(region: organisation.region, proclaimed: proclaimedBankHolidays)
        venueIndex = Dictionary(self.venues.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        forumIndex = Dictionary(self.forums.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        seriesIndex = Dictionary(self.series.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func venue(_ id: String) -> Venue? { venueIndex[id].map { venues[$0] } }
    public func forum(_ id: String) -> Forum? { forumIndex[id].map { forums[$0] } }
    public func series(_ id: String) -> MeetingSeries? { seriesIndex[id].map { series[$0] } }
    public func officer(_ id: String) -> Officer? { officers.first { $0.id == id } }

    /// The same configuration with only the series `ids` names.
    public func keepingOnly(series ids: Set<String>) -> Configuration {
        Configuration(
            organisation: organisation, districts: districts, venues: venues, forums: forums,
            series: series.filter { ids.contains($0.id) }, terms: terms, closures: closures,
            proclaimedBankHolidays: proclaimedBankHolidays, notifications: notifications, scheduling: scheduling,
            control: control, feeds: feeds, inbox: inbox, privacy: privacy, delivery: delivery, officers: officers)
    }

    /// The same configuration with `replacement` in place of the series with its id (which
    /// must be there): what a slot suggestion is tried against.
    public func replacing(_ replacement: MeetingSeries) -> Configuration {
        var copy = self
        copy.series[seriesIndex[replacement.id]!] = replacement
        return copy
    }
}
