import ConveneCore

/// The text/calendar part: an iMIP (RFC 6047) iTIP message (RFC 5546) holding one
/// VEVENT, which a calendar adds, moves or removes by its UID and SEQUENCE.
///
/// No RECURRENCE-ID is written. RFC 5545 §3.8.4.4 uses it, with the UID, to name one
/// instance of a recurring component, one with an RRULE or RDATE. Convene gives every
/// occurrence its own UID and never sends the series as a recurring event, so each
/// VEVENT is a whole, non-recurring event: a RECURRENCE-ID would point into a recurrence
/// set that no calendar holds, and clients then show an orphaned "exception" or drop
/// the update. The rule's slot (`Occurrence.ruleStart`) is kept in the UID instead,
/// which is what lets a moved meeting replace the one first announced.
struct CalendarInvitation: Sendable {
    static let productIdentifier = "-//Convene//Convene co-production meetings//EN"

    let facts: MeetingFacts
    let zone: ZoneRules
    /// When the message is written: the DTSTAMP.
    let writtenAt: Int
    /// Whether the forum's contacts are named as ATTENDEEs: in the messages sent to
    /// them, yes; in a calendar feed, which anyone holding its address can read, never.
    var namesAttendees = true

    /// `CANCEL` for a cancellation, otherwise `REQUEST` (an invitation, a reminder, a
    /// chaser and an update all carry the event as it now stands).
    var method: String { facts.kind == .cancellation ? "CANCEL" : "REQUEST" }

    /// The calendar years on the zone's clock that the VTIMEZONE must cover.
    var years: ClosedRange<Int> { facts.start.local.date.year...facts.end.local.date.year }

    /// The VCALENDAR, folded, CRLF after every line.
    var text: String {
        var timeZone: [UInt8] = []
        TimeZoneDefinition(zone: zone, years: years).write(to: &timeZone)
        var out: [UInt8] = []
        write(to: &out, timeZone: timeZone)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the VCALENDAR to `out`, with `timeZone`, the folded VTIMEZONE for
    /// `years`, in its place: the same for every message about those years, so a
    /// renderer writes it once and keeps it (`TimeZoneDefinition.Cache`).
    func write(to out: inout [UInt8], timeZone: [UInt8]) {
        let header = [
            ContentLine("BEGIN", "VCALENDAR"),
            ContentLine("PRODID", CalendarInvitation.productIdentifier),
            ContentLine("VERSION", "2.0"),
            ContentLine("METHOD", method),
        ]
        for line in header { line.write(to: &out) }
        out.append(contentsOf: timeZone)
        for line in event { line.write(to: &out) }
        ContentLine("END", "VCALENDAR").write(to: &out)
    }

    var event: [ContentLine] {
        let occurrence = facts.notification.occurrence
        var lines = [
            ContentLine("BEGIN", "VEVENT"),
            ContentLine("UID", occurrence.uid),
            ContentLine("SEQUENCE", String(facts.notification.sequence)),
            ContentLine("DTSTAMP", DateDigits.utcBasic(instant: writtenAt)),
            dateTime("DTSTART", facts.start),
            dateTime("DTEND", facts.end),
            ContentLine.text("SUMMARY", facts.title),
            ContentLine.text("DESCRIPTION", description),
            ContentLine.text("LOCATION", facts.fullPlace),
        ]
        if let online = facts.online { lines.append(ContentLine("URL", online)) }
        // Calendar programs send their Yes / No / Maybe to the ORGANIZER: the reply
        // address, which the MTA delivers into the daemon's inbox.
        lines.append(
            ContentLine(
                "ORGANIZER", "mailto:" + facts.replyAddress,
                parameters: [("CN", facts.organiser.name)]))
        // A REQUEST asks each contact to answer; a CANCEL asks nothing.
        let asks = method == "REQUEST"
        for contact in facts.contacts where namesAttendees {
            lines.append(
                ContentLine(
                    "ATTENDEE", "mailto:" + contact.email,
                    parameters: [
                        ("CN", contact.name), ("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", facts.partStat),
                        ("RSVP", asks ? "TRUE" : "FALSE"),
                    ]))
        }
        lines.append(ContentLine("STATUS", facts.kind == .cancellation ? "CANCELLED" : "CONFIRMED"))
        // RFC 5546 allows no VALARM in a CANCEL. Otherwise a day ahead, in time to
        // arrange childcare or transport; the reminder emails come earlier still.
        if facts.kind != .cancellation {
            lines += [
                ContentLine("BEGIN", "VALARM"),
                ContentLine("ACTION", "DISPLAY"),
                ContentLine("TRIGGER", "-P1D"),
                ContentLine.text(
                    "DESCRIPTION", "Tomorrow: \(facts.title), \(DateDigits.clock(facts.start.local.time)), \(facts.shortPlace)"),
                ContentLine("END", "VALARM"),
            ]
        }
        lines.append(ContentLine("END", "VEVENT"))
        return lines
    }

    /// What a calendar shows under the event: the letter's facts without its greeting.
    private var description: String {
        var parts: [String] = []
        if let reason = facts.reason, facts.kind == .update || facts.kind == .cancellation { parts.append("Reason: \(reason)") }
        if let text = facts.description, facts.kind != .cancellation { parts.append(text) }
        parts.append("Where: \(facts.fullPlace)")
        if facts.kind != .cancellation {
            if let access = facts.access { parts.append("Access: \(access)") }
            if let online = facts.online { parts.append("Online: \(online)") }
        }
        parts.append("Questions: \(facts.organiser.name), \(facts.organiser.email)")
        return parts.joined(separator: "\n")
    }

    /// A DATE-TIME with the zone's TZID; in UTC instead when the wall time would name
    /// another instant (the second 01:30 of an autumn night, which RFC 5545 §3.3.5 reads
    /// as the first).
    private func dateTime(_ name: String, _ time: ZonedDateTime) -> ContentLine {
        let local = time.local
        guard zone.resolve(local).instant == time.instant else {
            return ContentLine(name, DateDigits.utcBasic(instant: time.instant))
        }
        return ContentLine(name, DateDigits.basic(local), parameters: [("TZID", zone.identifier)])
    }
}
