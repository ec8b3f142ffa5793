/// What the ledger holds about one notification to one forum: enough for the planner
/// to know what the forum has been told, and to tell it again only what changed.
public struct NotificationRecord: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        /// Written to the forum's spool at this instant.
        case sent(at: Int)
        /// Overtaken by a later notification before it went out; never sent.
        case superseded
    }

    public let id: String
    public let occurrence: String
    public let forum: String
    public let kind: Notification.Kind
    public let sequence: Int
    public let lead: ISODuration?
    public let due: Int
    public let outcome: Outcome
    /// The meeting as the notification described it.
    public let announced: Announcement

    public init(_ notification: Notification, outcome: Outcome) {
        id = notification.id
        occurrence = notification.occurrence.uid
        forum = notification.forum
        kind = notification.kind
        sequence = notification.sequence
        lead = notification.lead
        due = notification.due
        self.outcome = outcome
        announced = Announcement(notification.occurrence)
    }

    public init(
        id: String, occurrence: String, forum: String, kind: Notification.Kind, sequence: Int, lead: ISODuration?,
        due: Int, outcome: Outcome, announced: Announcement
    ) {
        self.id = id
        self.occurrence = occurrence
        self.forum = forum
        self.kind = kind
        self.sequence = sequence
        self.lead = lead
        self.due = due
        self.outcome = outcome
        self.announced = announced
    }

    public var sentAt: Int? {
        if case let .sent(at) = outcome { return at }
        return nil
    }
}

/// A meeting as one notification described it: what a forum's calendar now holds.
public struct Announcement: Hashable, Sendable {
    public let series: String
    public let title: String
    public let start: Int
    public let end: Int
    public let venue: String?
    public let online: String?

    public init(series: String, title: String, start: Int, end: Int, venue: String?, online: String?) {
        self.series = series
        self.title = title
        self.start = start
        self.end = end
        self.venue = venue
        self.online = online
    }

    public init(_ occurrence: Occurrence) {
        self.init(
            series: occurrence.series, title: occurrence.title, start: occurrence.start.instant,
            end: occurrence.end.instant, venue: occurrence.venue, online: occurrence.online)
    }

    /// Whether a forum would see a difference: time, date, venue or online link.
    public func differs(from other: Announcement) -> Bool {
        (start, end, venue, online) != (other.start, other.end, other.venue, other.online)
    }
}
