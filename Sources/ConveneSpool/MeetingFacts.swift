import ConveneCore

/// What a message says about one meeting, looked up once from the notification and
/// the configuration, and the phrases that the subject, the letter and the calendar
/// entry share, so that they never disagree.
struct MeetingFacts: Sendable {
    let notification: Notification
    let title: String
    /// The series' description, if it has one.
    let description: String?
    let forumName: String
    let contacts: [Contact]
    /// The venue's name (its id if the configuration no longer has it); nil online only.
    let venueName: String?
    let venueAddress: String?
    /// Nil when the venue is unknown: better to say nothing than to guess.
    let stepFree: Bool?
    let accessibility: String?
    let online: String?
    let start: ZonedDateTime
    let end: ZonedDateTime
    let reason: String?
    let organiser: Contact
    /// Where answers go: the calendar's ORGANIZER and the email's Reply-To.
    let replyAddress: String
    /// The forum's current answer for this meeting, if it has given one: the PARTSTAT
    /// its contacts see in the next message.
    var answer: Answer?
    let organisationName: String
    /// The slot is outside the hours this forum said suit it.
    let outsideForumHours: Bool

    init(notification: Notification, configuration: Configuration) {
        let occurrence = notification.occurrence
        let forum = configuration.forum(notification.forum)
        let venue = occurrence.venue.flatMap { configuration.venue($0) }
        self.notification = notification
        title = occurrence.title
        description = configuration.series(occurrence.series)?.description.flatMap(MeetingFacts.nonEmpty)
        forumName = forum?.name ?? notification.forum
        contacts = forum?.contacts ?? []
        venueName = venue?.name ?? occurrence.venue
        venueAddress = venue?.address.flatMap(MeetingFacts.nonEmpty)
        stepFree = venue?.stepFree
        accessibility = venue?.accessibility.flatMap(MeetingFacts.nonEmpty)
        online = occurrence.online.flatMap(MeetingFacts.nonEmpty)
        start = occurrence.start
        end = occurrence.end
        reason = occurrence.reason.flatMap(MeetingFacts.nonEmpty)
        organiser = configuration.organisation.organiser
        replyAddress = configuration.organisation.replyAddress
        organisationName = configuration.organisation.name
        outsideForumHours = occurrence.cannotAttend.contains(notification.forum)
    }

    var kind: Notification.Kind { notification.kind }

    /// The ATTENDEE's PARTSTAT: the forum's answer, else `NEEDS-ACTION`.
    var partStat: String { answer?.partStat ?? "NEEDS-ACTION" }

    /// "Reminder: Parent/Carer Stakeholder Forum, Tue 9 March, 10:00, County Hall": what
    /// and when at a glance in a list of messages, the change first for an update.
    var subject: String {
        switch kind {
        case .invitation: "Invitation: \(title), \(shortWhen), \(shortPlace)"
        case .reminder: "Reminder: \(title), \(shortWhen), \(shortPlace)"
        case .chaser: "Can you come? \(title), \(shortWhen), \(shortPlace)"
        case .update: "Changed: \(title), now \(shortWhen), \(shortPlace)"
        case .cancellation: "Cancelled: \(title), \(shortWhen), \(shortPlace)"
        }
    }

    /// "Tue 9 March, 10:00", for subjects.
    var shortWhen: String {
        let date = start.local.date
        return "\(date.weekday.shortName) \(date.day) \(DayText.monthName(date.month)), \(DateDigits.clock(start.local.time))"
    }

    /// "Tuesday 9 March 2027, 10:00 to 12:00".
    var fullWhen: String {
        let (from, to) = (start.local, end.local)
        if from.date == to.date {
            return "\(MeetingFacts.longDate(from.date)), \(DateDigits.clock(from.time)) to \(DateDigits.clock(to.time))"
        }
        return "\(MeetingFacts.longDate(from.date)), \(DateDigits.clock(from.time)) to "
            + "\(MeetingFacts.longDate(to.date)), \(DateDigits.clock(to.time))"
    }

    /// The venue's name, or "online".
    var shortPlace: String { venueName ?? "online" }

    /// The venue's name and address, or "Online".
    var fullPlace: String {
        guard let venueName else { return "Online" }
        return [venueName, venueAddress].compactMap { $0 }.joined(separator: ", ")
    }

    /// What a parent needs to know about getting in; nil online only or when unknown.
    var access: String? {
        guard let stepFree else { return nil }
        let base =
            stepFree ? "Step-free access throughout." : "Please note: this venue does not have step-free access throughout."
        return [base, accessibility].compactMap { $0 }.joined(separator: " ")
    }

    /// "Tuesday 9 March 2027".
    static func longDate(_ date: CivilDate) -> String {
        "\(date.weekday.name) \(date.day) \(DayText.monthName(date.month)) \(date.year)"
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.allSatisfy(\.isWhitespace) ? nil : text
    }
}
