import ConveneTestSupport
import Foundation

/// Forums' replies to the invitations a daemon wrote, made from a seed so every run sends
/// the same bytes: calendar programs' REPLYs and typed YES / NO / MAYBE answers, some
/// answering again what the forum answered before, mixed with messages that must not
/// count (strangers, meetings nobody was invited to, unreadable bytes), automatic
/// replies, questions, and exact copies of earlier messages (as an MTA delivers twice).
struct ReplyStream {
    /// One invitation in a forum's spool, as a reply refers to it.
    struct Invitation: Sendable {
        let forum: String
        let contact: String
        let occurrence: String
        let sequence: Int
        /// Without angle brackets.
        let messageID: String
        let subject: String
    }

    enum Kind: String, CaseIterable, Sendable {
        case calendar, typed, autoReply, question, stranger, unknownMeeting, unreadable
    }

    struct Reply: Sendable {
        let kind: Kind
        let bytes: [UInt8]
        /// An exact copy of an earlier message (of that message's kind).
        var isCopy = false

        /// Where the inbox must file it: only untrusted or unreadable messages are quarantined.
        var quarantined: Bool { [.stranger, .unknownMeeting, .unreadable].contains(kind) }
    }

    let replies: [Reply]
    /// How many answers answered a meeting the same forum had answered before.
    let reanswers: Int

    init(invitations: [Invitation], count: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var replies: [Reply] = []
        var answered: [Invitation] = []
        var reanswers = 0
        for index in 0..<count {
            if index >= 20, random.chance(0.11) {
                // The same message delivered again, soon after or much later.
                let earlier = replies.filter { !$0.isCopy }
                let original = earlier[max(0, earlier.count - Int.random(in: 1...60, using: &random))]
                replies.append(Reply(kind: original.kind, bytes: original.bytes, isCopy: true))
                continue
            }
            let kind: Kind =
                index < 20
                ? .calendar
                : random.weighted([
                    (.calendar, 45), (.typed, 34), (.autoReply, 5), (.question, 3), (.stranger, 6),
                    (.unknownMeeting, 5), (.unreadable, 2),
                ])
            let id = "kill-\(index)-\(UInt32.random(in: 0...UInt32.max, using: &random))"
            // A quarter of the answers go to a meeting the forum has answered already.
            var invitation = invitations.randomElement(using: &random)!
            if kind == .calendar || kind == .typed, !answered.isEmpty, random.chance(0.25) {
                invitation = answered.randomElement(using: &random)!
                reanswers += 1
            }
            let bytes: [UInt8]
            switch kind {
            case .calendar:
                answered.append(invitation)
                bytes = Self.calendarReply(to: invitation, id: id, random: &random)
            case .typed:
                answered.append(invitation)
                bytes = Self.typedReply(to: invitation, id: id, random: &random)
            case .autoReply:
                bytes = Self.message(
                    from: invitation.contact, id: id, subject: "Automatic reply: " + invitation.subject,
                    extra: ["Auto-Submitted: auto-replied", "In-Reply-To: <\(invitation.messageID)>"],
                    body: "I am out of the office until Monday and will reply then.")
            case .question:
                bytes = Self.message(
                    from: invitation.contact, id: id, subject: "Parking",
                    body: "Is there parking near the hall? We have a new member who uses a wheelchair.")
            case .stranger:
                let stranger = Invitation(
                    forum: "", contact: "parent\(index)@example.net", occurrence: invitation.occurrence,
                    sequence: invitation.sequence, messageID: invitation.messageID, subject: invitation.subject)
                bytes = Self.calendarReply(to: stranger, id: id, random: &random)
            case .unknownMeeting:
                let unknown = Invitation(
                    forum: invitation.forum, contact: invitation.contact, occurrence: "no-such-meeting-\(index)@example.org",
                    sequence: 0, messageID: invitation.messageID, subject: invitation.subject)
                bytes = Self.calendarReply(to: unknown, id: id, random: &random)
            case .unreadable:
                bytes = Array("this is not a mail message (\(id))\r\n".utf8)
            }
            replies.append(Reply(kind: kind, bytes: bytes))
        }
        self.replies = replies
        self.reanswers = reanswers
    }

    /// How many messages the inbox must record: exact copies count once.
    var distinct: Int { Set(replies.map(\.bytes)).count }

    /// How many distinct messages carry an answer that must be recorded.
    var distinctAnswers: Int {
        Set(replies.filter { $0.kind == .calendar || $0.kind == .typed }.map(\.bytes)).count
    }

    static let reasons = [
        "", "", "", "It is our AGM that night", "Half of us are at the school fair", "Looking forward to it",
        "We will send two members", "Mae'n ddrwg gennym, ni allwn ddod", "Café closes at 8, so we may leave early",
        "Depends on childcare — we will confirm", "Snow forecast; we will see",
    ]

    static func calendarReply(to invitation: Invitation, id: String, random: inout SeededGenerator) -> [UInt8] {
        let partStat = ["ACCEPTED", "DECLINED", "TENTATIVE"].randomElement(using: &random)!
        let reason = reasons.randomElement(using: &random)!
        var calendar: [String] = [
            "BEGIN:VCALENDAR", "PRODID:-//Example Calendar//EN", "VERSION:2.0", "METHOD:REPLY", "BEGIN:VEVENT",
            "UID:\(invitation.occurrence)", "SEQUENCE:\(invitation.sequence)", "DTSTAMP:20270301T080000Z",
            "ATTENDEE;PARTSTAT=\(partStat):mailto:\(invitation.contact)",
        ]
        if !reason.isEmpty { calendar.append("COMMENT:\(reason)") }
        calendar += ["END:VEVENT", "END:VCALENDAR", ""]
        let subject = "\(partStat.prefix(1))\(partStat.dropFirst().lowercased()): \(invitation.subject)"
        if random.chance(0.5) {
            return message(
                from: invitation.contact, id: id, subject: subject,
                type: "text/calendar; charset=utf-8; method=REPLY", body: calendar.joined(separator: "\r\n"))
        }
        // As Outlook sends it: a line of text and the calendar part beside it.
        let boundary = "b-" + id
        let body = [
            "--" + boundary, "Content-Type: text/plain; charset=utf-8", "", "\(partStat.lowercased()) \(reason)", "",
            "--" + boundary, "Content-Type: text/calendar; charset=utf-8; method=REPLY", "",
            calendar.joined(separator: "\r\n"), "--" + boundary + "--", "",
        ]
        return message(
            from: invitation.contact, id: id, subject: subject,
            type: "multipart/alternative; boundary=\"\(boundary)\"", body: body.joined(separator: "\r\n"))
    }

    static func typedReply(to invitation: Invitation, id: String, random: inout SeededGenerator) -> [UInt8] {
        let word = ["YES", "Yes", "yes", "NO", "No", "MAYBE", "Maybe", "IE", "NA"].randomElement(using: &random)!
        let reason = reasons.randomElement(using: &random)!
        let body = [
            reason.isEmpty ? word : "\(word) - \(reason)", "", "Sent from my phone", "",
            "On 1 March 2027, Participation Team <participation@example.org> wrote:", "> You are invited.",
        ]
        return message(
            from: invitation.contact, id: id, subject: "Re: " + invitation.subject,
            extra: ["In-Reply-To: <\(invitation.messageID)>", "References: <\(invitation.messageID)>"],
            body: body.joined(separator: "\r\n"))
    }

    static func message(
        from: String, id: String, subject: String, extra: [String] = [], type: String = "text/plain; charset=utf-8",
        body: String
    ) -> [UInt8] {
        let headers =
            [
                "From: Secretary <\(from)>", "To: participation@example.org", "Subject: \(subject)",
                "Date: Mon, 01 Mar 2027 08:00:00 +0000", "Message-ID: <\(id)@mail.example.org>",
            ] + extra + ["MIME-Version: 1.0", "Content-Type: \(type)", "Content-Transfer-Encoding: 8bit"]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n").utf8)
    }
}
