import ConveneConfig
import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneSpool

/// The co-production record's letters: a forum's monthly "You said, we did" digest on
/// the shipped configuration, byte for byte against `Golden/digest.eml` and word for word
/// against the README's copy, and an officer's reminder.
@Suite struct RecordLetterTests {
    static let configuration = ConfigurationLoader(mainFile: RepositoryPaths.exampleConfig.path).load().configuration!
    static let zone = configuration.organisation.timeZone
    static func at(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    static let february = "stakeholder-forum-20270209@example.org"
    static let march = "stakeholder-forum-20270309@example.org"
    static let meetings: [String: RecordLetter.Meeting] = [
        february: .init(title: "Parent/Carer Stakeholder Forum", date: CivilDate("2027-02-09")!),
        march: .init(title: "Parent/Carer Stakeholder Forum", date: CivilDate("2027-03-09")!),
    ]

    static func event(
        _ kind: ItemEvent.Kind, _ time: String, status: ItemStatus? = nil, owner: ItemOwner? = nil, due: String? = nil,
        note: String? = nil
    ) -> ItemEvent {
        // Changes numbered in time order, as the ledger numbers them.
        ItemEvent(
            kind: kind, at: at(time), by: "participation", status: status, owner: owner, due: due.flatMap(CivilDate.init),
            note: note, serial: at(time))
    }

    /// Four items raised at the February and March forums, each at a different stage on 1 April 2027.
    static let items = [
        Item(
            id: 1, occurrence: february, forums: ["chloes-circle", "wyreford-dads"],
            title: "Letters about school transport arrive too late", text: nil,
            events: [
                event(.raised, "2027-02-09T12:30:00", status: .open),
                event(.action, "2027-02-12T10:00:00", owner: .officer("transport"), due: "2027-03-31"),
                event(
                    .status, "2027-03-25T16:00:00", status: .done,
                    note: "From the summer term, letters about a new route go out three weeks before it starts."),
            ]),
        Item(
            id: 2, occurrence: february, forums: ["deaf-childrens-network"], title: "Live captions at online meetings",
            text: nil,
            events: [
                event(.raised, "2027-02-09T12:35:00", status: .open),
                event(
                    .status, "2027-03-20T11:00:00", status: .wontDo,
                    note: "Our video service cannot show live captions, so a note-taker will type what is said on screen instead."
                ),
            ]),
        Item(
            id: 3, occurrence: march, forums: ["chloes-circle"],
            title: "Tuesday meetings shut out families who can only come on other days",
            text: nil,
            events: [
                event(.raised, "2027-03-09T12:30:00", status: .open),
                event(.action, "2027-03-10T09:00:00", owner: .officer("send-lead"), due: "2027-05-31"),
                event(
                    .status, "2027-03-12T09:00:00", status: .inProgress,
                    note: "We are looking at moving the forum to a Wednesday, and will bring the dates to the April meeting."),
            ]),
        Item(
            id: 4, occurrence: march, forums: ["ashcombe-send-parents"],
            title: "The Local Offer website is hard to use on a phone",
            text: nil,
            events: [
                event(.raised, "2027-03-09T12:40:00", status: .open),
                event(.action, "2027-03-10T09:05:00", owner: .officer("local-offer"), due: "2027-03-26"),
            ]),
    ]

    static let digest = RecordMessage(
        id: "digest-chloes-circle-2027-04", kind: .digest, recipient: "chloes-circle", due: at("2027-04-01T09:00:00"), item: nil,
        month: CivilDate("2027-04-01"))

    static func render(_ message: RecordMessage) -> String {
        RecordLetter(configuration: configuration).render(
            message, items: items, meetings: meetings, writtenAt: at("2027-04-01T09:00:00"), toldUpTo: at("2027-03-01T09:00:00"))
    }

    @Test func theDigestMatchesItsGoldenFile() throws {
        let message = Self.render(Self.digest)
        let file = GoldenMessageTests.folder.appendingPathComponent("digest.eml")
        if ProcessInfo.processInfo.environment["CONVENE_UPDATE_GOLDEN"] == "1" {
            try Data(message.utf8).write(to: file)
            Issue.record("rewrote \(file.path); unset CONVENE_UPDATE_GOLDEN and run again")
            return
        }
        let url = try #require(Bundle.module.url(forResource: "digest", withExtension: "eml", subdirectory: "Golden"))
        #expect(Array(message.utf8) == Array(try Data(contentsOf: url)), "digest.eml differs; see GoldenMessageTests")
    }

    /// The README shows the digest as a forum reads it: the same words, line for line.
    @Test func theREADMEShowsTheDigestAsWritten() throws {
        let letter = RecordLetter(configuration: Self.configuration)
        let lines = letter.digest(
            forumID: "chloes-circle", forumName: "Chloé's Circle", items: Self.items, meetings: Self.meetings,
            today: CivilDate("2027-04-01")!, toldUpTo: Self.at("2027-03-01T09:00:00"))
        let readme = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = "Subject: You said, we did: April 2027\n\n" + lines.joined(separator: "\n") + "\n```"
        #expect(readme.contains(block), "README.md's digest differs from what is written:\n\(block)")
    }

    @Test func theLetterHasNoCodesAndSaysWhereEachItemStands() {
        let text = Self.render(Self.digest)
        let body = String(text[text.range(of: "\r\n\r\n")!.upperBound...])
        #expect(!body.contains(Self.february) && !body.contains("item") && !body.contains("in_progress"), "no ids or codes")
        let flat = RecordLetter(configuration: Self.configuration).digest(
            forumID: "chloes-circle", forumName: "Chloé's Circle", items: Self.items, meetings: Self.meetings,
            today: CivilDate("2027-04-01")!, toldUpTo: Self.at("2027-03-01T09:00:00")
        ).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "You and Wyreford Dads' Group raised this at the Parent/Carer Stakeholder Forum on Tuesday 9 February 2027."))
        #expect(flat.contains("Done on Thursday 25 March 2027."))
        #expect(flat.contains("We have decided not to do this."))
        #expect(
            flat.contains(
                "Grace Obi, Local Offer Officer, aimed to finish this by Friday 26 March 2027. It is late, and we have asked for an update."
            ))
        #expect(
            flat.contains(
                "In all, forums have raised 4 things with us: 1 done, 1 we will not do and 2 still being dealt with (1 of them late)."
            ))
    }

    @Test func anOwnerOrForumNoLongerConfiguredIsNotNamedByACode() {
        let item = Item(
            id: 9, occurrence: Self.march, forums: ["gone-forum"], title: "Parking at the hub", text: nil,
            events: [
                Self.event(.raised, "2027-03-09T12:30:00", status: .open),
                Self.event(.action, "2027-03-10T09:00:00", owner: .officer("left-the-council"), due: "2027-03-20"),
            ])
        let text = RecordLetter(configuration: Self.configuration).digest(
            forumID: "chloes-circle", forumName: "Chloé's Circle", items: [item], meetings: Self.meetings,
            today: CivilDate("2027-04-01")!, toldUpTo: nil
        ).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("left-the-council") && !text.contains("gone-forum"))
        #expect(text.contains("A council officer aimed to finish this by Saturday 20 March 2027. It is late."))
        #expect(!text.contains("asked for an update"), "nobody was reminded")
        #expect(text.contains("A forum no longer in our list raised this") || text.contains("a forum no longer in our list"))
    }

    @Test func anOfficerIsRemindedWithTheItemAndHowToReport() {
        let reminder = RecordMessage(
            id: "soon-4-local-offer-2027-03-26", kind: .dueSoon, recipient: "local-offer", due: Self.at("2027-03-19T09:00:00"),
            item: 4, month: nil)
        let text = RecordLetter(configuration: Self.configuration).render(
            reminder, items: Self.items, meetings: Self.meetings, writtenAt: Self.at("2027-03-19T09:00:00"))
        #expect(text.contains("To: \"Grace Obi, Local Offer Officer\" <local.offer@example.org>\r\n"))
        #expect(
            text.contains(
                "Subject: Action due on Friday 26 March 2027: The Local Offer website is hard\r\n to use on a phone\r\n"))
        #expect(text.contains("It is due on Friday 26 March 2027, in 7 days."))
        #expect(text.contains("Message-ID: <record.soon-4-local-offer-2027-03-26@example.org>"))
    }
}
