import ConveneCore

/// Writes a `Notification` as the RFC 5322 message a forum finds in its spool: a
/// plain-English letter for parents and carers, and the same meeting as an iMIP
/// (RFC 6047) invitation or cancellation that calendar programs act on.
///
/// The output depends on nothing but its inputs (the MIME boundary comes from the
/// notification id, the dates from `writtenAt`), so a message written again after a
/// crash is the same, byte for byte.
public struct MessageRenderer: Sendable {
    /// Where the organiser, the forums, the venues and the time zone come from.
    public let configuration: Configuration

    /// The organisation's VTIMEZONE, written once for each range of years and shared
    /// by every copy of this renderer.
    private let timeZones: TimeZoneDefinition.Cache

    /// A renderer for messages about meetings in `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
        timeZones = TimeZoneDefinition.Cache(zone: configuration.organisation.timeZone)
    }

    /// The whole message, CRLF line ends, ready to write to a file.
    ///
    /// - Parameter writtenAt: seconds since the epoch; the Date header (on the
    ///   organisation's clock) and the calendar's DTSTAMP (in UTC).
    /// - Parameter answer: the forum's current answer to the meeting, if it has given
    ///   one: its contacts' PARTSTAT in the calendar part.
    public func render(_ notification: Notification, writtenAt: Int, answer: Answer? = nil) -> String {
        var facts = MeetingFacts(notification: notification, configuration: configuration)
        facts.answer = answer
        let zone = configuration.organisation.timeZone
        let letter = ParentLetter(facts: facts, writtenAt: writtenAt, zone: zone)
        let calendar = CalendarInvitation(facts: facts, zone: zone, writtenAt: writtenAt)
        let boundary = MessageRenderer.boundary(for: notification)

        let headers: [HeaderField] = [
            .addresses("From", [configuration.organisation.organiser]),
            // Replies, from mail programs that ignore the calendar's ORGANIZER, come here too.
            .addresses("Reply-To", [Contact(name: configuration.organisation.organiser.name, email: facts.replyAddress)]),
            .addresses("To", facts.contacts),
            .unstructured("Subject", facts.subject),
            .plain("Date", MailDate.format(instant: writtenAt, in: zone)),
            .plain("Message-ID", messageID(for: notification)),
            .plain("MIME-Version", "1.0"),
            .plain("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
            // RFC 3834: no out-of-office replies to a machine.
            .plain("Auto-Submitted", "auto-generated"),
            .plain("X-Convene-Kind", notification.kind.rawValue),
            .plain("X-Convene-Occurrence", notification.occurrence.uid),
        ]
        // The whole message is built as UTF-8 bytes in one buffer, each part written
        // straight into it, rather than as Strings joined and copied at every level.
        var message: [UInt8] = []
        message.reserveCapacity(4096)
        for header in headers { header.write(to: &message) }
        appendLine("", to: &message)
        // multipart/alternative with the text first, as RFC 6047 §4.2 shows: a mail
        // reader without calendar support shows the letter, and the others offer the
        // invitation from the same message.
        var body: [UInt8] = []
        body.reserveCapacity(2048)
        letter.write(to: &body)
        appendLine("--" + boundary, to: &message)
        appendPart(type: "text/plain; charset=utf-8", body: body, to: &message)
        appendLine("", to: &message)
        body.removeAll(keepingCapacity: true)
        calendar.write(to: &body, timeZone: timeZones.folded(years: calendar.years))
        appendLine("--" + boundary, to: &message)
        appendPart(type: "text/calendar; charset=utf-8; method=\(calendar.method)", body: body, to: &message)
        appendLine("", to: &message)
        appendLine("--" + boundary + "--", to: &message)
        return String(decoding: message, as: UTF8.self)
    }

    /// `<NOTIFICATION-ID.FORUM-ID@UIDDOMAIN>`: unique per message, and stable, so a
    /// message written twice is recognised as one by any mail reader.
    func messageID(for notification: Notification) -> String {
        "<\(notification.id).\(notification.forum)@\(configuration.organisation.uidDomain)>"
    }

    /// `=_` and the notification id. Quoted-printable content never has `=` followed by
    /// `_`, so the boundary cannot occur in a part (RFC 2046 §5.1.1).
    static func boundary(for notification: Notification) -> String { "=_" + notification.id }

    /// One body part: its headers, a blank line and the quoted-printable body. The body
    /// ends with its own CRLF; the one after it belongs to the next boundary line.
    private func appendPart(type: String, body: [UInt8], to message: inout [UInt8]) {
        HeaderField.plain("Content-Type", type).write(to: &message)
        HeaderField.plain("Content-Transfer-Encoding", "quoted-printable").write(to: &message)
        appendLine("", to: &message)
        QuotedPrintable.encode(body, into: &message)
    }

    private func appendLine(_ line: String, to message: inout [UInt8]) {
        message.append(contentsOf: line.utf8)
        message.append(UInt8(ascii: "\r"))
        message.append(UInt8(ascii: "\n"))
    }
}
