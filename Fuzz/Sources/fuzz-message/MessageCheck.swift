import ConveneCore
import FuzzSupport

/// Reads a rendered message or feed back and compares what it says with the input.
struct MessageCheck {
    let words: MeetingWords

    func message(_ text: String) {
        let message = MailMessage(text)
        let headers = message.headers
        for name in ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"] {
            require(headers[name] != nil, "no \(name) header")
        }
        expectWords(HeaderText.decode(headers["subject"] ?? ""), words.subject, "Subject")
        mailboxes(headers["from"] ?? "", [words.organiser], "From")
        if words.contacts.isEmpty {
            require(headers["to"] == "undisclosed-recipients:;", "To: \(headers["to"] ?? "")")
        } else {
            mailboxes(headers["to"] ?? "", words.contacts, "To")
        }
        require(
            headers["x-convene-occurrence"] == words.occurrence.uid,
            "X-Convene-Occurrence: \(headers["x-convene-occurrence"] ?? "")")
        guard message.parts.count == 2 else { return }

        let letter = message.parts[0]
        require(letter.headers["content-type"] == "text/plain; charset=utf-8", "the first part is \(letter.headers)")
        guard let letterText = String(validating: letter.decoded, as: UTF8.self) else {
            require(false, "the letter is not UTF-8")
            return
        }
        let shown = Normalised.words(letterText)
        for expected in words.letterTexts {
            require(shown.contains(run: Normalised.words(expected)), "the letter does not show \(expected.debugDescription)")
        }

        let invitation = message.parts[1]
        let method = words.kind == .cancellation ? "CANCEL" : "REQUEST"
        require(
            invitation.headers["content-type"] == "text/calendar; charset=utf-8; method=\(method)",
            "the second part is \(invitation.headers)")
        guard let calendarText = String(validating: invitation.decoded, as: UTF8.self) else {
            require(false, "the calendar is not UTF-8")
            return
        }
        let calendar = CalendarText(calendarText)
        require(calendar.values("METHOD", in: "VCALENDAR").map(\.value) == [method], "METHOD is not \(method)")
        event(calendar, attendees: words.contacts)
    }

    func feed(_ text: String) {
        let calendar = CalendarText(text)
        let name = Normalised.calendarText("\(words.text(.forumName)): meetings with \(words.text(.organisationName))")
        require(
            calendar.values("X-WR-CALNAME", in: "VCALENDAR").map { CalendarText.unescaped($0.value) } == [name],
            "X-WR-CALNAME is not \(name.debugDescription)")
        // A feed is read unauthenticated: it names no contact.
        event(calendar, attendees: [])
    }

    /// The one VEVENT with `attendees`, and its VALARM unless it is a cancellation.
    private func event(_ calendar: CalendarText, attendees expected: [Contact]) {
        let event = "VCALENDAR/VEVENT"
        func text(_ name: String, in path: String = event) -> [String] {
            calendar.values(name, in: path).map { CalendarText.unescaped($0.value) }
        }
        let occurrence = words.occurrence
        require(calendar.values("UID", in: event).map(\.value) == [Normalised.withoutControls(occurrence.uid)], "UID")
        require(calendar.values("SEQUENCE", in: event).map(\.value) == [String(words.meeting.notification.sequence)], "SEQUENCE")
        for name in ["DTSTAMP", "DTSTART", "DTEND"] {
            require(calendar.values(name, in: event).count == 1, "\(name) is not there once")
        }
        expectText(text("SUMMARY"), occurrence.title, "SUMMARY")
        expectText(text("LOCATION"), words.fullPlace, "LOCATION")
        expectText(text("DESCRIPTION"), words.calendarDescription, "DESCRIPTION")
        require(
            calendar.values("URL", in: event).map(\.value) == (words.online.map { [Normalised.withoutControls($0)] } ?? []),
            "URL is not \(words.online.debugDescription)")
        attendees(calendar.values("ORGANIZER", in: event), [words.organiser], "ORGANIZER")
        attendees(calendar.values("ATTENDEE", in: event), expected, "ATTENDEE")
        let status = words.kind == .cancellation ? "CANCELLED" : "CONFIRMED"
        require(calendar.values("STATUS", in: event).map(\.value) == [status], "STATUS is not \(status)")
        let alarm = event + "/VALARM"
        if words.kind == .cancellation {
            require(calendar.properties.allSatisfy { $0.path != alarm }, "a VALARM in a cancellation")
        } else {
            expectText(text("DESCRIPTION", in: alarm), words.alarmDescription, "VALARM DESCRIPTION")
        }
    }

    private func expectText(_ found: [String], _ expected: String, _ what: String) {
        let normalised = Normalised.calendarText(expected)
        require(found == [normalised], "\(what) is \(found.map(\.debugDescription)), not \(normalised.debugDescription)")
    }

    private func expectWords(_ found: String, _ expected: String, _ what: String) {
        let normalised = Normalised.words(expected).text
        require(found == normalised, "\(what) is \(found.debugDescription), not \(normalised.debugDescription)")
    }

    /// `"Name" <address>` or `=?utf-8?q?…?= <address>` for each contact, in order.
    private func mailboxes(_ value: String, _ contacts: [Contact], _ what: String) {
        let found = HeaderText.addresses(value)
        require(found.count == contacts.count, "\(what) has \(found.count) mailboxes, not \(contacts.count): \(value)")
        for (mailbox, contact) in zip(found, contacts) {
            expectWords(mailbox.name, contact.name, "\(what) name")
            require(mailbox.address == contact.email, "\(what) address is \(mailbox.address), not \(contact.email)")
        }
    }

    /// ORGANIZER or ATTENDEE lines: `mailto:` each address, CN each name.
    private func attendees(_ properties: [CalendarText.Property], _ contacts: [Contact], _ what: String) {
        require(properties.count == contacts.count, "\(properties.count) \(what) lines for \(contacts.count) people")
        for (property, contact) in zip(properties, contacts) {
            require(property.value == "mailto:" + Normalised.withoutControls(contact.email), "\(what) is \(property.value)")
            let name = Normalised.parameter(contact.name)
            require(
                property.parameters["CN"] == name,
                "\(what) CN is \(property.parameters["CN"].debugDescription), not \(name.debugDescription)")
        }
    }
}
