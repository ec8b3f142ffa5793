/// One meeting of a series as the schedule has it: where and when it takes place
/// (or why it does not), whom it invites and who among them cannot come.
public struct Occurrence: Hashable, Sendable, Identifiable {
    public enum Status: String, CaseIterable, Hashable, Sendable {
        /// At the rule's date, time and venue.
        case scheduled
        /// Somewhere or somewhen else: a closed day, a clash, or a coordinator's move.
        case moved
        /// Left out because its day is closed and the series says `skip`.
        case skipped
        /// Called off by a coordinator.
        case cancelled
        /// No slot the series allows was free.
        case unplaced
    }

    /// Stable for the life of the occurrence, whatever happens to it (iCalendar UID).
    public let uid: String
    /// The `MeetingSeries` id.
    public let series: String
    public let title: String
    /// The slot the rule gives (iCalendar RECURRENCE-ID).
    public let ruleStart: ZonedDateTime
    /// When it takes place; the rule's slot for skipped, cancelled and unplaced ones.
    public let start: ZonedDateTime
    public let end: ZonedDateTime
    /// A `Venue` id; nil when online only.
    public let venue: String?
    public let online: String?
    /// Invited forum ids, sorted.
    public let invited: [String]
    public let status: Status
    /// Why it is not simply scheduled, in words a coordinator can forward to parents.
    public let reason: String?
    /// Invited forums whose availability the slot does not suit, sorted.
    public let cannotAttend: [String]
    /// Problems with a coordinator's move (a clash, a closed day); empty otherwise.
    public let conflicts: [String]

    public var id: String { uid }

    /// Scheduled or moved: it happens, and its venue and forums are booked.
    public var takesPlace: Bool { status == .scheduled || status == .moved }

    public init(
        uid: String, series: String, title: String, ruleStart: ZonedDateTime, start: ZonedDateTime,
        end: ZonedDateTime, venue: String?, online: String?, invited: [String], status: Status,
        reason: String?, cannotAttend: [String] = [], conflicts: [String] = []
    ) {
        self.uid = uid
        self.series = series
        self.title = title
        self.ruleStart = ruleStart
        self.start = start
        self.end = end
        self.venue = venue
        self.online = online
        self.invited = invited
        self.status = status
        self.reason = reason
        self.cannotAttend = cannotAttend
        self.conflicts = conflicts
    }
}
