import ConveneCore
import Testing

@testable import ConveneSpool

/// The whole message: line ends, line lengths, determinism and the calendar's times.
@Suite struct MessageRendererTests {
    let renderer = MessageRenderer(configuration: SpoolFixture.configuration)

    private func render(_ notification: ConveneCore.Notification, at writtenAt: Int = SpoolFixture.at("2027-02-15T09:00").instant)
        -> String
    {
        renderer.render(notification, writtenAt: writtenAt)
    }

    @Test(arguments: ConveneCore.Notification.Kind.allCases)
    func everyLineEndsInCRLFAndFitsIn78ASCIICharacters(_ kind: ConveneCore.Notification.Kind) {
        let message = SpoolFixture.message(kind)
        let bytes = Array(message.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13, "bare LF at \(index)") }
            if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10, "bare CR at \(index)") }
            #expect(byte < 0x80, "non-ASCII byte at \(index)")
        }
        #expect(message.hasSuffix("\r\n"))
        for line in message.dropLast().split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 78, "\(line)")
        }
    }

    @Test func theSameNotificationGivesTheSameBytes() {
        for (notification, writtenAt) in SpoolFixture.cases {
            #expect(Array(render(notification, at: writtenAt).utf8) == Array(render(notification, at: writtenAt).utf8))
        }
    }

    @Test func theBoundaryComesFromTheNotificationAndOccursOnlyAsADelimiter() {
        for (notification, writtenAt) in SpoolFixture.cases {
            let message = render(notification, at: writtenAt)
            let boundary = "=_" + notification.id
            #expect(message.contains("boundary=\"\(boundary)\""))
            let lines = message.split(separator: "\r\n", omittingEmptySubsequences: false)
            #expect(
                lines.filter { $0.contains(boundary) && !$0.contains("boundary=") } == [
                    "--\(boundary)", "--\(boundary)", "--\(boundary)--",
                ])
        }
    }

    @Test func theHeadersNameTheNotificationAndTheOccurrence() {
        let (notification, writtenAt) = SpoolFixture.cases[0]
        let message = render(notification, at: writtenAt)
        #expect(message.contains("\r\nMessage-ID: <\(notification.id).chloes-circle@example.org>\r\n"))
        #expect(message.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(message.contains("\r\nX-Convene-Kind: invitation\r\n"))
        #expect(message.contains("\r\nX-Convene-Occurrence: stakeholder-forum-20270309@example.org\r\n"))
        #expect(message.hasPrefix("From: \"SEND Participation Team\" <participation@example.org>\r\n"))
    }

    /// Answers go to the reply address: the calendar's ORGANIZER (where calendar programs
    /// send Yes / No / Maybe) and the email's Reply-To; the letter still comes from the
    /// organiser. A REQUEST asks every contact to answer; a CANCEL asks nothing.
    @Test func answersAreAskedForAndGoToTheReplyAddress() {
        let base = SpoolFixture.configuration
        let organisation = Organisation(
            name: base.organisation.name, timeZone: base.organisation.timeZone, region: base.organisation.region,
            organiser: base.organisation.organiser, replyAddress: "answers@example.org")
        let configuration = Configuration(
            organisation: organisation, districts: base.districts, venues: base.venues, forums: base.forums,
            series: base.series)
        let renderer = MessageRenderer(configuration: configuration)
        for (notification, writtenAt) in SpoolFixture.cases {
            let message = renderer.render(notification, writtenAt: writtenAt)
            let facts = MeetingFacts(notification: notification, configuration: configuration)
            let calendar = CalendarInvitation(facts: facts, zone: organisation.timeZone, writtenAt: writtenAt).text
                .replacingOccurrences(of: "\r\n ", with: "")
            #expect(message.hasPrefix("From: \"SEND Participation Team\" <participation@example.org>\r\n"))
            #expect(message.contains("\r\nReply-To: \"SEND Participation Team\" <answers@example.org>\r\n"))
            #expect(calendar.contains("\r\nORGANIZER;CN=\"SEND Participation Team\":mailto:answers@example.org\r\n"))
            let attendees = calendar.split(separator: "\r\n").filter { $0.hasPrefix("ATTENDEE") }
            #expect(!attendees.isEmpty)
            let asks = notification.kind != .cancellation
            #expect(attendees.allSatisfy { $0.contains(";PARTSTAT=NEEDS-ACTION;RSVP=\(asks ? "TRUE" : "FALSE"):") })
            #expect(message.contains("reply to this email with YES, NO or MAYBE") == asks, "\(notification.kind)")
        }
    }

    @Test(arguments: [
        ("2027-02-15T09:00:07", "Mon, 15 Feb 2027 09:00:07 +0000"), ("2027-07-01T18:05:00", "Thu, 01 Jul 2027 18:05:00 +0100"),
    ])
    func theDateIsOnTheOrganisationsClock(_ wall: String, _ header: String) {
        #expect(MailDate.format(instant: SpoolFixture.at(wall).instant, in: SpoolFixture.zone) == header)
    }

    @Test func subjectsSayWhatHappensWhenAndWhere() {
        let subjects = SpoolFixture.cases.map {
            MeetingFacts(notification: $0.notification, configuration: SpoolFixture.configuration).subject
        }
        #expect(
            subjects == [
                "Invitation: Parent/Carer Stakeholder Forum, Tue 9 March, 10:00, County Hall",
                "Reminder: SEND Strategy Group, Thu 11 March, 13:00, Tŷ Hapus Family Centre",
                "Changed: Parent/Carer Stakeholder Forum, now Wed 10 March, 10:00, County Hall",
                "Cancelled: Parent/Carer Stakeholder Forum, Tue 9 March, 10:00, County Hall",
                "Can you come? Parent/Carer Stakeholder Forum, Tue 9 March, 10:00, County Hall",
            ])
    }

    @Test func aMeetingAtTheRepeatedHourOfAnAutumnNightIsWrittenInUTC() {
        // 01:30 BST and 01:30 GMT both happen on 31 October 2027; this is the second.
        let start = SpoolFixture.zone.zoned(instant: SpoolFixture.at("2027-10-31T01:30").instant + 3600)
        #expect(start.offset == 0)
        let occurrence = Occurrence(
            uid: "late@example.org", series: "stakeholder-forum", title: "Night Owls", ruleStart: start,
            start: start, end: SpoolFixture.zone.zoned(instant: start.instant + 3600), venue: nil,
            online: "https://meet.example.org/owls", invited: ["chloes-circle"], status: .scheduled, reason: nil)
        let notification = ConveneCore.Notification(
            kind: .invitation, occurrence: occurrence, forum: "chloes-circle",
            sequence: 0, lead: nil, due: 0)
        let facts = MeetingFacts(notification: notification, configuration: SpoolFixture.configuration)
        let calendar = CalendarInvitation(facts: facts, zone: SpoolFixture.zone, writtenAt: 0).text
        #expect(calendar.contains("\r\nDTSTART:20271031T013000Z\r\n"))
        #expect(calendar.contains("\r\nDTEND;TZID=Europe/London:20271031T023000\r\n"))
    }

    @Test func aCancellationAsksCalendarsToRemoveTheEventAndSetsNoAlarm() {
        let message = SpoolFixture.message(.cancellation)
        #expect(message.contains("Content-Type: text/calendar; charset=utf-8; method=CANCEL\r\n"))
        #expect(message.contains("\r\nMETHOD:CANCEL\r\n"))
        #expect(message.contains("\r\nSTATUS:CANCELLED\r\n"))
        #expect(message.contains("\r\nSEQUENCE:1\r\n"))
        #expect(!message.contains("VALARM"))
        #expect(!message.contains("RECURRENCE-ID"))
    }

    @Test func otherKindsAreRequestsWithADayAheadAlarm() {
        for kind in [ConveneCore.Notification.Kind.invitation, .reminder, .chaser, .update] {
            let message = SpoolFixture.message(kind)
            #expect(message.contains("\r\nMETHOD:REQUEST\r\n") && message.contains("method=REQUEST\r\n"))
            #expect(message.contains("\r\nSTATUS:CONFIRMED\r\n"))
            #expect(message.contains("\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\n"))
            #expect(!message.contains("RECURRENCE-ID"))
        }
    }
}
