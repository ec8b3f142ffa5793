/// One message to one forum about one occurrence: an invitation, a reminder, a chaser,
/// an update or a cancellation, due at an instant.
public struct Notification: Hashable, Sendable, Identifiable {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// The meeting's first announcement, when the month is published (or at once
        /// for a meeting added later).
        case invitation
        /// A reminder some time before the meeting (`P14D`, `P2D`).
        case reminder
        /// "Can you come?": once, some time before the meeting (`[notifications] chase`),
        /// to a forum that has not answered.
        case chaser
        /// The time, date, venue or online link changed after an invitation.
        case update
        /// Cancelled, skipped or gone after an invitation.
        case cancellation
    }

    /// Stable across restarts and recomputation: derived from the occurrence, kind,
    /// sequence, lead time and forum, so the ledger can tell whether it went out.
    public let id: String
    public let kind: Kind
    /// The occurrence as it stands now (for a cancellation, as it was announced).
    public var occurrence: Occurrence { shared.occurrence }
    /// The occurrence, held once for every notification the planner makes about it: a
    /// month's invitations to 24 forums each share one copy rather than keep 24.
    private let shared: SharedOccurrence
    /// The `Forum` id it goes to.
    public let forum: String
    /// iCalendar SEQUENCE: 0 for the invitation, one more for each update,
    /// cancellation or reinstatement.
    public let sequence: Int
    /// For reminders and chasers, how long before the start.
    public let lead: ISODuration?
    /// When it falls due (seconds since the epoch).
    public let due: Int

    public init(kind: Kind, occurrence: Occurrence, forum: String, sequence: Int, lead: ISODuration?, due: Int) {
        self.init(kind: kind, occurrence: SharedOccurrence(occurrence), forum: forum, sequence: sequence, lead: lead, due: due)
    }

    init(kind: Kind, occurrence: SharedOccurrence, forum: String, sequence: Int, lead: ISODuration?, due: Int) {
        self.kind = kind
        shared = occurrence
        self.forum = forum
        self.sequence = sequence
        self.lead = lead
        self.due = due
        id = Notification.identifier(
            occurrence: occurrence.occurrence.uid, kind: kind, sequence: sequence, lead: lead, forum: forum)
    }

    public static func == (a: Notification, b: Notification) -> Bool {
        a.id == b.id && a.kind == b.kind && a.forum == b.forum && a.sequence == b.sequence && a.lead == b.lead
            && a.due == b.due && (a.shared === b.shared || a.shared.occurrence == b.shared.occurrence)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(due)
    }

    /// `<kind>-<16 hex digits>`: an FNV-1a hash of the parts, short enough for file
    /// names and Message-IDs, with the kind readable at a glance.
    public static func identifier(occurrence: String, kind: Kind, sequence: Int, lead: ISODuration?, forum: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let text = "\(occurrence)\u{1F}\(kind.rawValue)\u{1F}\(sequence)\u{1F}\(lead?.description ?? "")\u{1F}\(forum)"
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "\(kind.rawValue)-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// One occurrence shared by reference (see `Notification.occurrence`).
final class SharedOccurrence: Sendable {
    let occurrence: Occurrence

    init(_ occurrence: Occurrence) {
        self.occurrence = occurrence
    }
}
