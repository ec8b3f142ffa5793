import ConveneCore

/// One ledger row for the audit: who was told what, and when. Superseded notifications
/// are listed too (with no file and no time written), so a coordinator can see why a
/// reminder never came.
public struct DeliveredNotification: Hashable, Sendable {
    /// The notification's id (`<kind>-<hash>`), as in the message's file name.
    public let id: String
    /// The forum told.
    public let forum: String
    /// The occurrence's `uid`.
    public let occurrence: String
    /// Invitation, reminder, chaser, update or cancellation.
    public let kind: Notification.Kind
    /// iCalendar SEQUENCE of the message.
    public let sequence: Int
    /// For reminders and chasers, how long before the start.
    public let lead: ISODuration?
    /// When it fell due (seconds since the epoch).
    public let due: Int
    /// When the message was written to the spool; nil if superseded.
    public let writtenAt: Int?
    /// The message's file name in the forum's spool; nil if superseded.
    public let fileName: String?
    /// Committed, done (in the forum's `new/`), or superseded.
    public let state: LedgerState
    /// The meeting as the message described it.
    public let announced: Announcement
    /// Where it stands with the MTA; nil when it was never queued for it (`[delivery]
    /// sendmail` was not set when it was written).
    public let mail: MailHandoffRecord?

    /// A row as read from the ledger (also for tests and other front ends).
    public init(
        id: String, forum: String, occurrence: String, kind: Notification.Kind, sequence: Int,
        lead: ISODuration?, due: Int, writtenAt: Int?, fileName: String?, state: LedgerState,
        announced: Announcement, mail: MailHandoffRecord? = nil
    ) {
        self.id = id
        self.forum = forum
        self.occurrence = occurrence
        self.kind = kind
        self.sequence = sequence
        self.lead = lead
        self.due = due
        self.writtenAt = writtenAt
        self.fileName = fileName
        self.state = state
        self.announced = announced
        self.mail = mail
    }
}
