import ConveneProtocol
import Testing

@testable import convenectl

/// `convenectl attendance` as a table and as CSV, from the daemon's document.
@Suite struct AttendanceTableTests {
    static let document: AttendanceDocument = {
        var totals = AttendanceDocument.Totals()
        (totals.meetings, totals.invited, totals.accepted, totals.declined, totals.noAnswer) = (1, 3, 1, 1, 1)
        return AttendanceDocument(
            meetings: [
                .init(
                    uid: "forum-20270309@example.org", title: "Parent/Carer Stakeholder Forum",
                    start: "2027-03-09T10:00:00+00:00", counts: .init(accepted: 1, declined: 1, noAnswer: 1),
                    answers: [
                        .init(
                            forum: "chloes-circle", answer: .declined, reason: "=HYPERLINK(\"x\"), our AGM",
                            answeredAt: "2027-03-01T19:04:00+00:00", via: "mail", sequence: 0, current: true),
                        .init(
                            forum: "chloes-circle", answer: .accepted, reason: nil, answeredAt: "2027-02-20T08:00:00+00:00",
                            via: "calendar", sequence: 0, current: false),
                        .init(
                            forum: "redditch", answer: .accepted, reason: nil, answeredAt: "2027-03-02T09:00:00+00:00",
                            via: "calendar", sequence: 0, current: true),
                        .init(
                            forum: "wyre-forest", answer: .noAnswer, reason: nil, answeredAt: nil, via: nil, sequence: nil,
                            current: true),
                    ],
                    attended: nil)
            ],
            totals: totals, reasonsShown: true)
    }()

    @Test func theTableShowsTheCountsTheApologiesWithReasonsAndWhoHasNotAnswered() {
        #expect(
            AttendanceCommand.text(Self.document) == """
                Parent/Carer Stakeholder Forum, 2027-03-09 10:00  (forum-20270309@example.org)
                  1 coming, 1 apologies, 0 maybe, 1 no answer
                  apologies: chloes-circle: =HYPERLINK("x"), our AGM
                  no answer: wyre-forest
                Totals: 1 meeting, 3 invitations: 1 coming, 1 apologies, 0 maybe, 1 no answer

                """)
    }

    /// One row per answer, history included; a reason that a spreadsheet would run as a
    /// formula is quoted and prefixed so it stays text.
    @Test func theCSVHasARowPerAnswerAndNoFormulas() {
        let rows = AttendanceCommand.csv(Self.document).split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(rows.count == 6 && rows.last == "")
        #expect(rows[0] == "uid,title,start,forum,answer,reason,answered_at,via,sequence,current")
        #expect(
            rows[1]
                == #"forum-20270309@example.org,Parent/Carer Stakeholder Forum,2027-03-09T10:00:00+00:00,chloes-circle,declined,"'=HYPERLINK(""x""), our AGM",2027-03-01T19:04:00+00:00,mail,0,true"#
        )
        #expect(rows[2].hasSuffix(",accepted,,2027-02-20T08:00:00+00:00,calendar,0,false"))
        #expect(rows[4].hasSuffix(",wyre-forest,no_answer,,,,,true"))
    }

    /// A quoted field doubles every quote, also one a combining mark follows.
    @Test func everyQuoteInAQuotedFieldIsDoubled() {
        #expect(AttendanceCommand.csvField("say \"no\", then \"\u{301}") == "\"say \"\"no\"\", then \"\"\u{301}\"")
        #expect(AttendanceCommand.csvField("plain") == "plain")
    }
}
