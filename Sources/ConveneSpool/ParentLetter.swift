import ConveneCore

/// The text/plain part: a short letter to the forum in plain English saying what the
/// meeting is, when, where, how to get in and join online, and whom to ask.
///
/// It is written to be forwarded as it is to parents and carers, who may read it on a
/// phone: the facts first, in labelled lines, and nothing that needs the calendar part.
struct ParentLetter: Sendable {
    let facts: MeetingFacts
    /// When the message is written, for "tomorrow" or "in 14 days" in a reminder or a chaser.
    let writtenAt: Int
    let zone: ZoneRules

    /// The letter's lines, without line ends.
    var lines: [String] {
        var lines = ["Dear \(facts.forumName),", ""]
        lines += TextWrap.lines(opening)
        lines.append("")
        lines += details
        if facts.outsideForumHours, facts.kind != .cancellation {
            lines.append("")
            lines += TextWrap.lines(
                "We know this time is outside the hours your forum usually meets. If that makes it hard to take part, please let us know."
            )
        }
        if let description = facts.description, facts.kind != .cancellation {
            lines.append("")
            lines += TextWrap.lines(description)
        }
        lines.append("")
        lines += TextWrap.lines(closing)
        if facts.kind != .cancellation {
            lines.append("")
            lines += TextWrap.lines(Self.howToAnswer)
        }
        lines.append("")
        lines += TextWrap.lines(
            facts.kind == .cancellation
                ? "If you have any questions, please get in touch:"
                : "If you have any questions, or if anything would make it easier for you to take part, please get in touch:")
        lines += TextWrap.lines("\(facts.organiser.name), \(facts.organiser.email)")
        lines += ["", "With best wishes,"] + TextWrap.lines(facts.organiser.name)
        if facts.organisationName != facts.organiser.name { lines += TextWrap.lines(facts.organisationName) }
        return lines
    }

    /// How to answer, in every message that asks (all but a cancellation). The inbox
    /// reads the calendar's buttons and a first line of YES, NO or MAYBE.
    static let howToAnswer =
        "Can you come? Please let us know. Use your calendar's Yes, No or Maybe buttons, "
        + "or reply to this email with YES, NO or MAYBE on the first line. "
        + "If you cannot come, please tell us why. It helps us find times that suit more families."

    /// The letter, each line ended by CRLF.
    var text: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the letter, each line ended by CRLF, to `out`.
    func write(to out: inout [UInt8]) {
        for line in lines {
            out.append(contentsOf: line.utf8)
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }
    }

    private var opening: String {
        switch facts.kind {
        case .invitation:
            "You are warmly invited to \(theTitle)."
        case .reminder:
            "This is a friendly reminder that \(theTitle) is \(whenFromNow)."
        case .chaser:
            "We would love to know if someone from your forum can come to \(theTitle). It is \(whenFromNow)."
        case .update:
            "Please note that \(theTitle) has changed. Here are the new details."
        case .cancellation:
            "We are sorry to let you know that \(theTitle) on \(MeetingFacts.longDate(facts.start.local.date)) will not take place."
        }
    }

    private var closing: String {
        switch facts.kind {
        case .invitation:
            "Please share this with the parents and carers in your forum. The meeting is attached as a calendar invitation, so you can add it to your calendar."
        case .reminder:
            "We look forward to seeing you there."
        case .chaser:
            "Knowing who is coming helps us plan. A short answer is all we need, and it is fine to say no."
        case .update:
            "We are sorry for any inconvenience. The calendar invitation attached will update the meeting in your calendar."
        case .cancellation:
            "We are sorry for any inconvenience. The calendar update attached will take the meeting out of your calendar."
        }
    }

    /// The facts in labelled lines. A cancellation keeps only when and where it would
    /// have been, and why it is off.
    private var details: [String] {
        var lines: [String] = []
        lines += TextWrap.lines(facts.fullWhen, lead: "When:    ")
        lines += TextWrap.lines(facts.venueName ?? "Online", lead: "Where:   ")
        if let address = facts.venueAddress { lines += TextWrap.lines(address, lead: "         ") }
        if facts.kind != .cancellation {
            if let access = facts.access { lines += TextWrap.lines(access, lead: "Access:  ") }
            if let online = facts.online {
                let text = facts.venueName == nil ? "Join at \(online)" : "You can also join at \(online)"
                lines += TextWrap.lines(text, lead: "Online:  ")
            }
        }
        if let reason = facts.reason, facts.kind == .update || facts.kind == .cancellation {
            lines += TextWrap.lines(reason, lead: "Reason:  ")
        }
        return lines
    }

    /// "the Parent/Carer Stakeholder Forum", without doubling a title's own "The".
    private var theTitle: String {
        facts.title.lowercased().hasPrefix("the ") ? facts.title : "the \(facts.title)"
    }

    /// "today", "tomorrow" or "in 14 days", counted in days on the organisation's
    /// calendar, since a reminder may go out later than planned.
    private var whenFromNow: String {
        let today = zone.zoned(instant: writtenAt).local.date
        let days = today.days(until: facts.start.local.date)
        let day = MeetingFacts.longDate(facts.start.local.date)
        switch days {
        case ...0: return "today, \(day)"
        case 1: return "tomorrow, \(day)"
        default: return "in \(days) days, on \(day)"
        }
    }
}
