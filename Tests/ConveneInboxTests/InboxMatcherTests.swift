import ConveneCore
import ConveneTestSupport
import Testing

@testable import ConveneInbox

/// Which forum and meeting a message answers, and whether it is trusted, table by table.
@Suite struct InboxMatcherTests {
    /// North was told of the March meeting at SEQUENCE 1 (it moved once); south of nothing.
    struct Ledger: InboxLedger {
        func latestSequence(forum: String, occurrence: String) -> Int? {
            forum == "north-parents" && occurrence == "forum-20270309@example.org" ? 1 : nil
        }
        func meetingsTold(forum: String) -> [ToldMeeting] {
            // 2027-03-09 10:00 in London (GMT).
            forum == "north-parents"
                ? [ToldMeeting(occurrence: "forum-20270309@example.org", title: "Forum", start: 1_804_586_400, sequence: 1)]
                : []
        }
        func sent(notification id: String) -> (forum: String, occurrence: String, sequence: Int)? {
            switch id {
            case "invitation-aaaa": ("north-parents", "forum-20270309@example.org", 0)
            case "update-bbbb": ("north-parents", "forum-20270309@example.org", 1)
            default: nil
            }
        }
    }

    static let matcher: InboxMatcher = {
        var builder = ConfigurationBuilder()
        builder.forums.append(
            Forum(
                id: "east-parents", name: "East", district: "north",
                contacts: [Contact(name: "Both", email: "North@Example.org")], availability: []))
        return InboxMatcher(configuration: builder.build(), ledger: Ledger())
    }()

    static func calendar(
        from: String, attendee: String, partStat: String = "DECLINED", uid: String = "forum-20270309@example.org",
        sequence: Int = 1
    ) -> InboundMessage {
        InboundMessage(
            messageID: "m@x", from: from, answering: [], subject: nil,
            reading: .calendarReply(
                CalendarReply(
                    uid: uid, sequence: sequence, stamp: nil, attendees: [.init(address: attendee, partStat: partStat)],
                    comment: "Half term")))
    }

    static func text(from: String, answering: [String], answer: Answer = .accepted, subject: String? = nil) -> InboundMessage {
        InboundMessage(
            messageID: "t@x", from: from, answering: answering, subject: subject,
            reading: .textReply(answer: answer, reason: nil))
    }

    static let north = "north@example.org"

    static let cases: [(String, InboundMessage, InboxOutcome)] = [
        (
            "a calendar answer to the meeting as last told", calendar(from: north, attendee: north),
            .answer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 1, answer: .declined,
                    reason: "Half term", by: north, via: .calendar))
        ),
        (
            "an answer to the meeting before it moved", calendar(from: north, attendee: north, partStat: "ACCEPTED", sequence: 0),
            .staleAnswer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 0, answer: .accepted,
                    reason: "Half term", by: north, via: .calendar))
        ),
        (
            "an unknown sender", calendar(from: "stranger@example.net", attendee: "stranger@example.net"),
            .quarantine("the sender is not a contact of any forum")
        ),
        (
            "one forum's contact answering for another's", calendar(from: "south@example.org", attendee: north),
            .quarantine("the sender and the person answering are contacts of different forums")
        ),
        (
            "a meeting the forum was not invited to", calendar(from: "south@example.org", attendee: "south@example.org"),
            .quarantine("an answer about a meeting the sender's forum was not invited to")
        ),
        (
            "an unknown UID", calendar(from: north, attendee: north, uid: "made-up@example.org"),
            .quarantine("an answer about a meeting the sender's forum was not invited to")
        ),
        (
            "a delegation", calendar(from: north, attendee: north, partStat: "DELEGATED"),
            .needsPerson(forum: "north-parents", why: "a calendar answer of DELEGATED, not yes, no or maybe")
        ),
        (
            "a typed yes to the update", text(from: north, answering: ["update-bbbb.north-parents@example.org"]),
            .answer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 1, answer: .accepted,
                    reason: nil, by: north, via: .mail))
        ),
        (
            "a typed yes to the invitation, before the move",
            text(from: north, answering: ["invitation-aaaa.north-parents@example.org"]),
            .staleAnswer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 0, answer: .accepted,
                    reason: nil, by: north, via: .mail))
        ),
        (
            "a typed yes with no reference, whose subject names the meeting's title and date",
            text(from: north, answering: [], answer: .declined, subject: "Re: Forum, Tue 9 March, 10:00, County Hall"),
            .answer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 1, answer: .declined,
                    reason: nil, by: north, via: .mail))
        ),
        (
            "a new message from a phone: the title and the date as people write them",
            text(from: north, answering: [], subject: "forum on the 9th march - yes"),
            .answer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 1, answer: .accepted,
                    reason: nil, by: north, via: .mail))
        ),
        (
            "a subject with the title and a day-first numeric date",
            text(from: north, answering: [], subject: "FORUM 09/03/2027"),
            .answer(
                .init(
                    forum: "north-parents", occurrence: "forum-20270309@example.org", sequence: 1, answer: .accepted,
                    reason: nil, by: north, via: .mail))
        ),
        (
            "a subject with the title and another day",
            text(from: north, answering: [], subject: "Forum 19 March"),
            .needsPerson(forum: "east-parents", why: "an answer that does not say which meeting it is for")
        ),
        (
            "a subject with the date but not the title",
            text(from: north, answering: [], subject: "Re: 9 March"),
            .needsPerson(forum: "east-parents", why: "an answer that does not say which meeting it is for")
        ),
        (
            "a typed yes to another forum's message",
            text(from: "south@example.org", answering: ["update-bbbb.north-parents@example.org"]),
            .needsPerson(forum: "south-parents", why: "an answer that does not say which meeting it is for")
        ),
        // north@ is a contact of east and north: a message that names no meeting goes to the
        // first of its forums in the configuration's order.
        (
            "a typed yes to nothing we sent", text(from: north, answering: ["elsewhere@example.org"]),
            .needsPerson(forum: "east-parents", why: "an answer that does not say which meeting it is for")
        ),
        (
            "a question", InboundMessage(messageID: nil, from: north, answering: [], subject: nil, reading: .other),
            .needsPerson(forum: "east-parents", why: "a message that is not an answer")
        ),
        (
            "an out-of-office from anyone",
            InboundMessage(
                messageID: nil, from: "x@y.org", answering: [], subject: nil,
                reading: .autoReply), .autoReply(forum: nil)
        ),
        (
            "a bounce for an address two forums share",
            InboundMessage(
                messageID: nil, from: "mailer-daemon@x.org", answering: [],
                subject: nil, reading: .bounce(recipients: [north])),
            .bounce([.init(forum: "east-parents", address: north), .init(forum: "north-parents", address: north)])
        ),
    ]

    @Test(arguments: cases)
    func eachMessageEndsWhereItShould(label: String, message: InboundMessage, expected: InboxOutcome) throws {
        #expect(try Self.matcher.outcome(of: message) == expected, "\(label)")
    }

    /// A reason from a hostile sender reaches a coordinator's terminal: no escape
    /// sequences or other control characters, and no more than 1,000 characters.
    @Test func reasonsAreCleanedAndCut() {
        #expect(
            InboxMatcher.cleaned("\u{1B}[2J\u{1B}]0;owned\u{07}Our AGM\r\n  is that night \u{202E}")
                == "[2J]0;ownedOur AGM\nis that night")
        #expect(InboxMatcher.cleaned(" \n\t ") == nil)
        let long = InboxMatcher.cleaned(String(repeating: "a", count: 5000))
        #expect(long?.count == 1000 && long?.hasSuffix("…") == true)
    }
}
