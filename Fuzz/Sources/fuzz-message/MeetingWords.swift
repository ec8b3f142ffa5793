import ConveneCore

/// The phrases a message about a `FuzzedMeeting` must carry, built from the input the
/// way the message's documentation says (the subject, the place, the calendar's
/// description), before any normalisation.
struct MeetingWords {
    let meeting: FuzzedMeeting
    /// The kind the message is written as: the notification's, or in the calendar feed
    /// an invitation or cancellation.
    let kind: Notification.Kind

    func text(_ field: FuzzedMeeting.Text) -> String { meeting.texts[field]! }
    private func present(_ field: FuzzedMeeting.Text) -> String? {
        let value = text(field)
        return value.allSatisfy(\.isWhitespace) ? nil : value
    }

    var occurrence: Occurrence { meeting.notification.occurrence }
    var venueName: String? { meeting.venue?.name ?? occurrence.venue }
    var venueAddress: String? { meeting.venue == nil ? nil : present(.venueAddress) }
    var online: String? { present(.online) }
    var reason: String? { kind == .update || kind == .cancellation ? present(.reason) : nil }
    var description: String? { kind == .cancellation ? nil : present(.description) }
    var contacts: [Contact] { meeting.configuration.forums[0].contacts }
    var organiser: Contact { meeting.configuration.organisation.organiser }

    var shortPlace: String { venueName ?? "online" }
    var fullPlace: String {
        guard let venueName else { return "Online" }
        return [venueName, venueAddress].compactMap { $0 }.joined(separator: ", ")
    }

    var access: String? {
        guard let venue = meeting.venue else { return nil }
        let base =
            venue.stepFree ? "Step-free access throughout." : "Please note: this venue does not have step-free access throughout."
        return [base, present(.accessibility)].compactMap { $0 }.joined(separator: " ")
    }

    /// "Tue 9 March, 10:00".
    var shortWhen: String {
        let local = occurrence.start.local
        return
            "\(local.date.weekday.shortName) \(local.date.day) \(DayText.monthName(local.date.month)), \(DayText.time(local.time))"
    }

    var subject: String {
        let title = occurrence.title
        switch kind {
        case .invitation: return "Invitation: \(title), \(shortWhen), \(shortPlace)"
        case .reminder: return "Reminder: \(title), \(shortWhen), \(shortPlace)"
        case .chaser: return "Can you come? \(title), \(shortWhen), \(shortPlace)"
        case .update: return "Changed: \(title), now \(shortWhen), \(shortPlace)"
        case .cancellation: return "Cancelled: \(title), \(shortWhen), \(shortPlace)"
        }
    }

    /// The VEVENT's DESCRIPTION: the letter's facts without its greeting.
    var calendarDescription: String {
        var parts: [String] = []
        if let reason { parts.append("Reason: \(reason)") }
        if let description { parts.append(description) }
        parts.append("Where: \(fullPlace)")
        if kind != .cancellation {
            if let access { parts.append("Access: \(access)") }
            if let online { parts.append("Online: \(online)") }
        }
        parts.append("Questions: \(organiser.name), \(organiser.email)")
        return parts.joined(separator: "\n")
    }

    var alarmDescription: String {
        "Tomorrow: \(occurrence.title), \(DayText.time(occurrence.start.local.time)), \(shortPlace)"
    }

    /// Texts the letter must show, each somewhere, in its own words.
    var letterTexts: [String] {
        var texts = ["Dear \(text(.forumName)),", occurrence.title, venueName ?? "Online", organiser.name, organiser.email]
        texts += [venueAddress, reason, description].compactMap { $0 }
        if kind != .cancellation { texts += [access, online].compactMap { $0 } }
        if text(.organisationName) != organiser.name { texts.append(text(.organisationName)) }
        return texts
    }
}
