import ConveneCore

/// A forum's subscribable calendar (`GET /v1/forums/{id}/calendar.ics`): every meeting
/// it is invited to as one VEVENT, with the same UID and SEQUENCE as the invitations
/// and updates it was sent, so a calendar that both subscribes and receives the emails
/// sees one event per meeting. Meetings that no longer take place stay in the feed as
/// STATUS:CANCELLED once the forum has heard of them, so subscribers see them cancelled
/// rather than silently gone.
///
/// A feed names no contacts (no ATTENDEE): calendar programs poll it unauthenticated,
/// at an address that may be passed on, and the forums' contacts are parents whose
/// names and addresses are personal data. Only the organiser is named.
public struct CalendarFeed: Sendable {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The VCALENDAR for `forum` from `occurrences`; `told` is the last SEQUENCE the
    /// forum was sent for each occurrence UID.
    public func render(forum: String, occurrences: [Occurrence], told: [String: Int], generatedAt: Int) -> [UInt8] {
        let zone = configuration.organisation.timeZone
        let name = configuration.forum(forum)?.name ?? forum
        var events: [CalendarInvitation] = []
        for occurrence in occurrences where occurrence.invited.contains(forum) {
            let sequence = told[occurrence.uid]
            guard occurrence.takesPlace || sequence != nil else { continue }
            let notification = Notification(
                kind: occurrence.takesPlace ? .invitation : .cancellation, occurrence: occurrence,
                forum: forum, sequence: sequence ?? 0, lead: nil, due: generatedAt)
            events.append(
                CalendarInvitation(
                    facts: MeetingFacts(notification: notification, configuration: configuration),
                    zone: zone, writtenAt: generatedAt, namesAttendees: false))
        }
        var out: [UInt8] = []
        out.reserveCapacity(1_024 + events.count * 1_500)
        let header = [
            ContentLine("BEGIN", "VCALENDAR"),
            ContentLine("PRODID", CalendarInvitation.productIdentifier),
            ContentLine("VERSION", "2.0"),
            ContentLine("CALSCALE", "GREGORIAN"),
            ContentLine("METHOD", "PUBLISH"),
            ContentLine.text("X-WR-CALNAME", "\(name): meetings with \(configuration.organisation.name)"),
            ContentLine("X-WR-TIMEZONE", zone.identifier),
        ]
        for line in header { line.write(to: &out) }
        if let first = events.map({ $0.years.lowerBound }).min(), let last = events.map({ $0.years.upperBound }).max() {
            TimeZoneDefinition(zone: zone, years: first...last).write(to: &out)
        }
        for event in events {
            for line in event.event { line.write(to: &out) }
        }
        ContentLine("END", "VCALENDAR").write(to: &out)
        return out
    }
}
