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
    public var series: String { facts.series }
    public var title: String { facts.title }
    /// The slot the rule gives (iCalendar RECURRENCE-ID).
    public let ruleStart: ZonedDateTime
    /// When it takes place; the rule's slot for skipped, cancelled and unplaced ones.
    public let start: ZonedDateTime
    public let end: ZonedDateTime
    /// A `Venue` id; nil when online only.
    public let venue: String?
    public var online: String? { facts.online }
    /// Invited forum ids, sorted.
    public var invited: [String] { facts.invited }
    public let status: Status
    /// Why it is not simply scheduled, in words a coordinator can forward to parents.
    public let reason: String?
    /// Invited forums whose availability the slot does not suit, sorted.
    public let cannotAttend: [String]
    /// Problems with a coordinator's move (a clash, a closed day); empty otherwise.
    public let conflicts: [String]
    /// What every meeting of its series has alike, held once for them all: a national
    /// year's 53,091 meetings each hold one reference here, not four.
    let facts: SeriesFacts

    public var id: String { uid }

    /// Scheduled or moved: it happens, and its venue and forums are booked.
    public var takesPlace: Bool { status == .scheduled || status == .moved }

    public init(
        uid: String, series: String, title: String, ruleStart: ZonedDateTime, start: ZonedDateTime,
        end: ZonedDateTime, venue: String?, online: String?, invited: [String], status: Status,
        reason: String?, cannotAttend: [String] = [], conflicts: [String] = []
    ) {
        self.init(
            uid: uid, facts: SeriesFacts(series: series, title: title, online: online, invited: invited),
            ruleStart: ruleStart, start: start, end: end, venue: venue, status: status, reason: reason,
            cannotAttend: cannotAttend, conflicts: conflicts)
    }

    /// As the public initialiser, with its series' facts shared.
    init(
        uid: String, facts: SeriesFacts, ruleStart: ZonedDateTime, start: ZonedDateTime, end: ZonedDateTime,
        venue: String?, status: Status, reason: String?, cannotAttend: [String] = [], conflicts: [String] = []
    ) {
        self.uid = uid
        self.facts = facts
        self.ruleStart = ruleStart
        self.start = start
        self.end = end
        self.venue = venue
        self.status = status
        self.reason = reason
        self.cannotAttend = cannotAttend
        self.conflicts = conflicts
    }
}

/// An occurrence's series, title, online link and invited forums: the same for every
/// meeting of a series in a year, so shared by reference. Compared by value, so two
/// occurrences are equal whether or not they share it.
final class SeriesFacts: Hashable, Sendable {
    let series: String
    let title: String
    let online: String?
    let invited: [String]

    init(series: String, title: String, online: String?, invited: [String]) {
        self.series = series
        self.title = title
        self.online = online
        self.invited = invited
    }

    static func == (a: SeriesFacts, b: SeriesFacts) -> Bool {
        a === b || (a.series == b.series && a.title == b.title && a.online == b.online && a.invited == b.invited)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(series)
        hasher.combine(title)
        hasher.combine(online)
        hasher.combine(invited)
    }
}
