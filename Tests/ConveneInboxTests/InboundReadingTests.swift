import ConveneCore
import Testing

@testable import ConveneInbox

/// Inbound messages read from their bytes, table by table: what each is, and what is
/// refused before it is read.
@Suite struct InboundReadingTests {
    static func mail(_ headers: [String], _ body: String) -> [UInt8] {
        Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static let plain = [
        "From: Chloé Dubois <Chloe@Example.org>", "Message-ID: <r1@example.org>",
        "In-Reply-To: <invitation-1.chloes-circle@example.org>", "Subject: Re: Invitation",
        "Content-Type: text/plain; charset=utf-8",
    ]

    static let textReplies: [(String, Answer, String?)] = [
        (
            "Yes, two of us will come.\r\n\r\nOn Mon, 15 Feb 2027 at 09:00, Team <p@example.org> wrote:\r\n> Dear forum",
            .accepted, "two of us will come."
        ),
        ("no\r\nIt is half term.\r\nSorry.\r\n\r\n-- \r\nChloé\r\n", .declined, "It is half term. Sorry."),
        ("MAYBE - depends on childcare\r\n-----Original Message-----\r\nFrom: Team", .tentative, "depends on childcare"),
        ("Ie\r\n\r\nAr 15 Chwef 2027, ysgrifennodd Tîm:\r\n> Annwyl", .accepted, nil),
        ("  \r\n\r\nNo.\r\nSent from my iPhone", .declined, nil),
    ]

    @Test(arguments: textReplies)
    func aTypedAnswerIsReadWithItsReason(body: String, answer: Answer, reason: String?) throws {
        let message = try InboundMessage.read(Self.mail(Self.plain, body))
        #expect(message.reading == .textReply(answer: answer, reason: reason))
        #expect(message.from == "chloe@example.org" && message.messageID == "r1@example.org")
        #expect(message.answering == ["invitation-1.chloes-circle@example.org"])
    }

    static let notAnswers = [
        "Nobody from our forum can make Tuesdays.", "Yesterday we talked about it.", "Is there parking near County Hall?",
        "> Yes\r\nquoted only", "",
    ]

    @Test(arguments: notAnswers)
    func anythingElseIsNotAnAnswer(body: String) throws {
        #expect(try InboundMessage.read(Self.mail(Self.plain, body)).reading == .other)
    }

    @Test func anHTMLOnlyReplyIsReadAsTextWithoutTheQuote() throws {
        let body = "<div dir=\"ltr\">Maybe&nbsp;&ndash; it depends on childcare</div><br><blockquote>Yes we will</blockquote>"
        let headers = ["From: a@example.org", "Message-ID: <x@y.org>", "Content-Type: text/html; charset=utf-8"]
        let message = try InboundMessage.read(Self.mail(headers, body))
        #expect(message.reading == .textReply(answer: .tentative, reason: "it depends on childcare"))
    }

    static let calendar = """
        BEGIN:VCALENDAR\r
        METHOD:REPLY\r
        PRODID:test\r
        BEGIN:VEVENT\r
        UID:stakeholder-forum-20270309@example.org\r
        SEQUENCE:2\r
        DTSTAMP:20270216T101500Z\r
        ATTENDEE;CN="Dubois, Chloé";PARTSTAT=DECLINED:MAILTO:Chloe@Example.org\r
        COMMENT:Sorry\\, it is half term\\nand the children are at\r
          home.\r
        BEGIN:VALARM\r
        UID:not-this-one\r
        END:VALARM\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func aCalendarReplyIsReadWithItsAttendeeSequenceAndComment() throws {
        let headers = [
            "From: chloe@example.org", "Message-ID: <c@example.org>", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"b1\"",
        ]
        let body =
            "--b1\r\nContent-Type: text/plain\r\n\r\nDeclined\r\n--b1\r\nContent-Type: text/calendar; method=REPLY\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Self.base64(Self.calendar) + "\r\n--b1--\r\n"
        let message = try InboundMessage.read(Self.mail(headers, body))
        #expect(
            message.reading
                == .calendarReply(
                    CalendarReply(
                        uid: "stakeholder-forum-20270309@example.org", sequence: 2, stamp: "20270216T101500Z",
                        attendees: [.init(address: "chloe@example.org", partStat: "DECLINED")],
                        comment: "Sorry, it is half term\nand the children are at home.")))
    }

    @Test func anOutOfOfficeIsAnAutoReplyEvenIfItStartsWithNo() throws {
        for marks in [["Auto-Submitted: auto-replied"], ["X-Autoreply: yes"], ["Precedence: auto_reply"]] {
            let message = try InboundMessage.read(Self.mail(Self.plain + marks, "No one is reading this mailbox until Monday."))
            #expect(message.reading == .autoReply, "\(marks)")
        }
        let notAuto = try InboundMessage.read(Self.mail(Self.plain + ["Auto-Submitted: no"], "Yes"))
        #expect(notAuto.reading == .textReply(answer: .accepted, reason: nil))
    }

    @Test func aDeliveryReportNamesTheAddressesThatFailed() throws {
        let headers = [
            "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)", "Message-ID: <dsn@mail.example.org>",
            "Auto-Submitted: auto-replied",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"",
        ]
        let body =
            "--r\r\nContent-Type: text/plain\r\n\r\nYes, this is a bounce.\r\n--r\r\n"
            + "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.example.org\r\n\r\n"
            + "Final-Recipient: rfc822; Chloe@Example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            + "Final-Recipient: rfc822; ok@example.org\r\nAction: delayed\r\nStatus: 4.4.1\r\n--r--\r\n"
        #expect(try InboundMessage.read(Self.mail(headers, body)).reading == .bounce(recipients: ["chloe@example.org"]))
    }

    @Test func whatIsTooBigTooDeepOrTooManyIsRefusedBeforeItIsRead() {
        var limits = InboundLimits()
        limits.bytes = 1000
        #expect(throws: InboundProblem.tooLarge(limit: 1000)) {
            try InboundMessage.read(Self.mail(Self.plain, String(repeating: "x", count: 1000)), limits: limits)
        }
        var nested = "Yes"
        for level in (0..<25).reversed() {
            nested =
                "--n\(level)\r\nContent-Type: multipart/mixed; boundary=\"n\(level + 1)\"\r\n\r\n\(nested)\r\n--n\(level)--\r\n"
        }
        let deep = Self.mail(["From: a@example.org", "Content-Type: multipart/mixed; boundary=\"n0\""], nested)
        #expect(throws: InboundProblem.tooDeep(limit: 20)) { try InboundMessage.read(deep) }
        let many = String(repeating: "--m\r\nContent-Type: text/plain\r\n\r\nx\r\n", count: 250) + "--m--\r\n"
        #expect(throws: InboundProblem.tooManyParts(limit: 200)) {
            try InboundMessage.read(Self.mail(["From: a@example.org", "Content-Type: multipart/mixed; boundary=m"], many))
        }
        #expect(throws: InboundProblem.malformed("it has no From or Message-ID header")) {
            try InboundMessage.read(Array("just some bytes".utf8))
        }
    }

    @Test func anEncodedSubjectIsDecoded() throws {
        let headers = ["From: a@example.org", "Subject: =?utf-8?q?Re=3A_Chlo=C3=A9?= =?utf-8?b?J3MgQ2lyY2xl?="]
        #expect(try InboundMessage.read(Self.mail(headers, "hi")).subject == "Re: Chloé's Circle")
    }

    static func base64(_ text: String) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let bytes = Array(text.utf8)
        var out = ""
        for chunk in stride(from: 0, to: bytes.count, by: 3) {
            let slice = bytes[chunk..<min(chunk + 3, bytes.count)]
            var value = 0
            for byte in slice { value = value << 8 | Int(byte) }
            value <<= 8 * (3 - slice.count)
            for position in 0..<4 {
                out.append(position <= slice.count ? table[(value >> (18 - 6 * position)) & 63] : "=")
            }
            if (chunk / 3) % 19 == 18 { out += "\r\n" }
        }
        return out
    }
}
