import ConveneCore
import Testing

@testable import ConveneSpool

/// The letter parents and carers read: plain words, all the facts, nothing adversarial.
@Suite struct ParentLetterTests {
    private func letter(_ notification: ConveneCore.Notification, writtenAt: String) -> String {
        let facts = MeetingFacts(notification: notification, configuration: SpoolFixture.configuration)
        return ParentLetter(facts: facts, writtenAt: SpoolFixture.at(writtenAt).instant, zone: SpoolFixture.zone).lines
            .joined(separator: "\n")
    }

    /// The letter with its wrapping undone, for finding phrases.
    private func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    private func reminder(_ occurrence: Occurrence = SpoolFixture.strategyGroup) -> ConveneCore.Notification {
        ConveneCore.Notification(
            kind: .reminder, occurrence: occurrence, forum: "ty-rhieni-llanfair", sequence: 0,
            lead: ISODuration(days: 2), due: 0)
    }

    @Test(arguments: [
        ("2027-03-11T08:00", "is today, Thursday 11 March 2027."),
        ("2027-03-10T23:59", "is tomorrow, Thursday 11 March 2027."),
        ("2027-02-25T13:00", "is in 14 days, on Thursday 11 March 2027."),
    ])
    func aReminderCountsTheDaysFromWhenItIsWritten(_ writtenAt: String, _ phrase: String) {
        #expect(flat(letter(reminder(), writtenAt: writtenAt)).contains("the SEND Strategy Group " + phrase))
    }

    @Test func aVenueWithoutStepFreeAccessSaysSoWithItsNote() {
        let text = flat(letter(reminder(), writtenAt: "2027-03-09T13:00"))
        #expect(
            text.contains(
                "Access: Please note: this venue does not have step-free access throughout. Two steps at the front door"))
        #expect(text.contains("Where: Tŷ Hapus Family Centre Heol y Bont, Llanfair"))
    }

    @Test func anOnlineOnlyMeetingSaysHowToJoinAndNothingAboutAccess() {
        let occurrence = Occurrence(
            uid: "online@example.org", series: "stakeholder-forum", title: "Online Drop-in",
            ruleStart: SpoolFixture.at("2027-03-09T19:00"),
            start: SpoolFixture.at("2027-03-09T19:00"), end: SpoolFixture.at("2027-03-09T20:00"), venue: nil,
            online: "https://meet.example.org/drop-in", invited: ["ty-rhieni-llanfair"], status: .scheduled, reason: nil)
        let text = letter(reminder(occurrence), writtenAt: "2027-03-01T09:00")
        #expect(text.contains("\nWhere:   Online\nOnline:  Join at https://meet.example.org/drop-in\n"))
        #expect(!text.contains("Access:"))
        let facts = MeetingFacts(notification: reminder(occurrence), configuration: SpoolFixture.configuration)
        #expect(facts.subject == "Reminder: Online Drop-in, Tue 9 March, 19:00, online")
    }

    @Test func anUpdateGivesTheNewTimeAndTheReasonAndOwnsUpToTheHours() {
        let (notification, writtenAt) = SpoolFixture.cases[2]
        let text = flat(letter(notification, writtenAt: SpoolFixture.zone.zoned(instant: writtenAt).local.description))
        #expect(text.contains("has changed. Here are the new details."))
        #expect(text.contains("When: Wednesday 10 March 2027, 10:00 to 12:00"))
        #expect(text.contains("Reason: Moved from Tue 9 Mar to Wed 10 Mar: County Hall is closed for repairs"))
        #expect(text.contains("We know this time is outside the hours your forum usually meets."))
    }

    @Test func aCancellationSaysWhenWhereAndWhyButNotHowToJoin() {
        let (notification, writtenAt) = SpoolFixture.cases[3]
        let text = flat(letter(notification, writtenAt: SpoolFixture.zone.zoned(instant: writtenAt).local.description))
        #expect(
            text.contains(
                "We are sorry to let you know that the Parent/Carer Stakeholder Forum on Tuesday 9 March 2027 will not take place."
            ))
        #expect(text.contains("When: Tuesday 9 March 2027, 10:00 to 12:00 Where: County Hall"))
        #expect(text.contains("Reason: Cancelled: too few officers are free that day"))
        #expect(!text.contains("Online:") && !text.contains("Access:"))
    }

    @Test func everyLetterGreetsTheForumAndSaysWhomToAsk() {
        for (notification, writtenAt) in SpoolFixture.cases {
            let text = letter(notification, writtenAt: SpoolFixture.zone.zoned(instant: writtenAt).local.description)
            let forum = SpoolFixture.configuration.forum(notification.forum)!
            #expect(text.hasPrefix("Dear \(forum.name),\n\n"))
            #expect(text.contains("SEND Participation Team, participation@example.org"))
            #expect(text.hasSuffix("With best wishes,\nSEND Participation Team\nExample County Children's Services"))
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= 72 })
        }
    }

    /// A chaser asks kindly, once: the day written out, no codes, and the way to answer.
    @Test func aChaserAsksWhetherSomeoneCanComeWithTheDayWrittenOut() {
        let (notification, writtenAt) = SpoolFixture.cases[4]
        #expect(notification.kind == .chaser)
        let text = flat(letter(notification, writtenAt: SpoolFixture.zone.zoned(instant: writtenAt).local.description))
        #expect(
            text.contains(
                "We would love to know if someone from your forum can come to the Parent/Carer Stakeholder Forum. "
                    + "It is in 7 days, on Tuesday 9 March 2027."))
        #expect(text.contains("When: Tuesday 9 March 2027, 10:00 to 12:00 Where: County Hall"))
        #expect(text.contains("A short answer is all we need, and it is fine to say no."))
        #expect(text.contains("reply to this email with YES, NO or MAYBE on the first line."))
        #expect(!text.contains(notification.id) && !text.contains(notification.occurrence.uid) && !text.contains("P7D"))
        #expect(!text.contains("reminder"), "it asks; it does not remind")
    }

    @Test func aTitleStartingWithTheIsNotGivenAnother() {
        let occurrence = Occurrence(
            uid: "the@example.org", series: "send-strategy", title: "The Big Conversation",
            ruleStart: SpoolFixture.at("2027-03-11T13:00"),
            start: SpoolFixture.at("2027-03-11T13:00"), end: SpoolFixture.at("2027-03-11T15:00"), venue: "ty-hapus", online: nil,
            invited: ["ty-rhieni-llanfair"], status: .scheduled, reason: nil)
        #expect(
            flat(letter(reminder(occurrence), writtenAt: "2027-03-10T09:00")).contains(
                "reminder that The Big Conversation is tomorrow"))
    }
}
