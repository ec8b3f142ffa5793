import ConveneCore
import ConveneTestSupport
import Testing

/// Chasers with a manual clock: one meeting on Tue 9 March 2027 at 10:00 for two
/// forums, published on 15 February, reminders 14 and 2 days before, and `chase =
/// "P7D"` (Tue 2 March, 10:00) unless a test says otherwise.
@Suite struct ChaserPlanningTests {
    static let uid = "forum-20270309@example.org"
    let zone = ZoneRules(identifier: "Europe/London")!

    private func instant(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    private func builder(chase: Chase = .before(ISODuration(days: 7)), seriesChase: Chase? = nil) -> ConfigurationBuilder {
        var builder = ConfigurationBuilder()
        builder.notifications = NotificationSettings(chase: chase)
        builder.series = [
            ConfigurationBuilder.series("forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00", chase: seriesChase)
        ]
        return builder
    }

    /// Plans at `now` for March 2027, given what was recorded and who answered.
    private func plan(
        at now: String, _ history: [NotificationRecord], answered: Answered = Answered(), overrides: [Override] = [],
        builder: ConfigurationBuilder? = nil
    ) -> NotificationPlanner.Plan {
        let configuration = (builder ?? self.builder()).build()
        let scheduler = Scheduler(configuration: configuration)
        let year = [2027: scheduler.placed(year: 2027, overrides: overrides)]
        let occurrences = scheduler.schedule(from: .on("2027-03-01"), through: .on("2027-03-31"), overrides: overrides)
            .occurrences
        let horizon = instant("2027-03-01T00:00:00")..<instant("2027-04-01T00:00:00")
        return NotificationPlanner(configuration: configuration)
            .plan(occurrences: occurrences, history: history, answered: answered, horizon: horizon, now: instant(now)) {
                Scheduler.occurrence($0, in: year)
            }
    }

    private func deliver(_ plan: NotificationPlanner.Plan, at now: String) -> [NotificationRecord] {
        plan.due.map { NotificationRecord($0, outcome: .sent(at: instant(now))) }
            + plan.superseded.map { NotificationRecord($0, outcome: .superseded) }
    }

    /// "forum kind#sequence lead" for each notification.
    private func list(_ notifications: [Notification]) -> [String] {
        notifications.map { "\($0.forum) \($0.kind.rawValue)#\($0.sequence)\($0.lead.map { " \($0)" } ?? "")" }
    }

    /// The history after the invitations (15 February) and the 14-day reminders (23 February).
    private func invitedAndReminded(builder: ConfigurationBuilder? = nil) -> [NotificationRecord] {
        var history = deliver(plan(at: "2027-02-15T09:00:00", [], builder: builder), at: "2027-02-15T09:00:00")
        history += deliver(plan(at: "2027-02-23T10:00:00", history, builder: builder), at: "2027-02-23T10:00:00")
        return history
    }

    private static func answer(_ forum: String, sequence: Int = 0) -> Answered {
        Answered([(forum: forum, occurrence: uid, sequence: sequence)])
    }

    @Test func aForumWithoutAnAnswerIsChasedOnceAtTheLeadTimeBeforeTheStart() {
        var history = invitedAndReminded()
        let before = plan(at: "2027-03-02T09:59:59", history)
        #expect(before.due.isEmpty)
        #expect(before.nextDue == instant("2027-03-02T10:00:00"))
        #expect(list(before.next) == ["north-parents chaser#0 P7D", "south-parents chaser#0 P7D"])
        let chase = plan(at: "2027-03-02T10:00:00", history)
        #expect(list(chase.due) == ["north-parents chaser#0 P7D", "south-parents chaser#0 P7D"])
        #expect(chase.due.allSatisfy { $0.due == instant("2027-03-02T10:00:00") })
        history += deliver(chase, at: "2027-03-02T10:00:00")
        let after = plan(at: "2027-03-02T10:05:00", history)
        #expect(after.due.isEmpty, "never twice")
        #expect(list(after.next) == ["north-parents reminder#0 P2D", "south-parents reminder#0 P2D"])
    }

    @Test func aForumThatHasAnsweredIsNotChasedAndTheOtherIs() {
        let history = invitedAndReminded()
        let answered = Self.answer("north-parents")
        #expect(list(plan(at: "2027-03-01T12:00:00", history, answered: answered).next) == ["south-parents chaser#0 P7D"])
        let chase = plan(at: "2027-03-02T10:00:00", history, answered: answered)
        #expect(list(chase.due) == ["south-parents chaser#0 P7D"])
        #expect(chase.superseded.isEmpty, "nothing recorded for the forum that answered")
    }

    /// An answer given before the plan that would chase: the chaser planned for later is
    /// simply never due.
    @Test func anAnswerAfterTheChaserWasPlannedButBeforeItIsDueStopsIt() {
        let history = invitedAndReminded()
        #expect(plan(at: "2027-02-28T12:00:00", history).next.map(\.forum) == ["north-parents", "south-parents"])
        let chase = plan(at: "2027-03-02T10:00:00", history, answered: Self.answer("south-parents"))
        #expect(list(chase.due) == ["north-parents chaser#0 P7D"])
    }

    /// A move asks again: an answer to the first date does not stand for the new one.
    @Test func anAnswerToAnEarlierVersionDoesNotStopTheChaserForTheMovedMeeting() {
        var history = invitedAndReminded()
        let move = Override(uid: Self.uid, action: .move(to: LocalDateTime("2027-03-10T10:00:00")!, venue: nil), reason: "Flood")
        let updated = plan(at: "2027-02-24T12:00:00", history, overrides: [move])
        #expect(list(updated.due) == ["north-parents update#1", "south-parents update#1"])
        history += deliver(updated, at: "2027-02-24T12:00:00")
        let chase = plan(at: "2027-03-03T10:00:00", history, answered: Self.answer("north-parents"), overrides: [move])
        #expect(list(chase.due) == ["north-parents chaser#1 P7D", "south-parents chaser#1 P7D"])
        let answeredAgain = plan(
            at: "2027-03-03T10:00:00", history, answered: Self.answer("north-parents", sequence: 1), overrides: [move])
        #expect(list(answeredAgain.due) == ["south-parents chaser#1 P7D"])
    }

    @Test func noForumIsChasedAboutACancelledMeeting() {
        var history = invitedAndReminded()
        let cancel = Override(uid: Self.uid, action: .cancel, reason: "Tribunal week")
        let cancelled = plan(at: "2027-02-25T12:00:00", history, overrides: [cancel])
        #expect(list(cancelled.due) == ["north-parents cancellation#1", "south-parents cancellation#1"])
        history += deliver(cancelled, at: "2027-02-25T12:00:00")
        let later = plan(at: "2027-03-02T10:00:00", history, overrides: [cancel])
        #expect(later.due.isEmpty && later.superseded.isEmpty && later.next.isEmpty)
    }

    @Test func aSeriesOwnLeadTimeReplacesTheOrganisationsAndFalseTurnsItOff() {
        let own = builder(seriesChase: .before(ISODuration(days: 3)))
        let history = invitedAndReminded(builder: own)
        #expect(plan(at: "2027-03-02T10:00:00", history, builder: own).due.isEmpty)
        let chase = plan(at: "2027-03-06T10:00:00", history, builder: own)
        #expect(list(chase.due) == ["north-parents chaser#0 P3D", "south-parents chaser#0 P3D"])

        let off = builder(seriesChase: .never)
        let quiet = plan(at: "2027-03-02T10:00:00", invitedAndReminded(builder: off), builder: off)
        #expect(quiet.due.isEmpty)
        #expect(list(quiet.next) == ["north-parents reminder#0 P2D", "south-parents reminder#0 P2D"])
    }

    @Test func withoutChaseNoChaserIsEverPlanned() {
        let none = builder(chase: .never)
        #expect(!NotificationPlanner(configuration: none.build()).chases)
        #expect(NotificationPlanner(configuration: builder().build()).chases)
        var history: [NotificationRecord] = []
        for now in ["2027-02-15T09:00:00", "2027-02-23T10:00:00", "2027-03-02T10:00:00", "2027-03-07T10:00:00"] {
            let round = plan(at: now, history, builder: none)
            #expect(!(round.due + round.superseded + round.next).contains { $0.kind == .chaser }, "\(now)")
            history += deliver(round, at: now)
        }
        #expect(history.map(\.kind) == [.invitation, .invitation, .reminder, .reminder, .reminder, .reminder])
    }

    /// First planned after its chase time (a meeting added late): the invitation goes,
    /// and a chaser that would come before it is superseded, never sent.
    @Test func aChaserThatWouldComeBeforeTheInvitationIsSuperseded() {
        let late = plan(at: "2027-03-03T12:00:00", [])
        #expect(list(late.due) == ["north-parents invitation#0", "south-parents invitation#0"])
        #expect(late.superseded.filter { $0.kind == .chaser }.count == 2)
    }

    /// At the same instant as a reminder, the chaser (which asks as well) goes instead;
    /// to a forum that answered, the reminder goes.
    @Test func aChaserAtAReminderTimeTakesItsPlaceForAForumThatHasNotAnswered() {
        let same = builder(chase: .before(ISODuration(days: 2)))
        let history = invitedAndReminded(builder: same)
        let round = plan(at: "2027-03-07T10:00:00", history, answered: Self.answer("north-parents"), builder: same)
        #expect(list(round.due) == ["north-parents reminder#0 P2D", "south-parents chaser#0 P2D"])
        #expect(list(round.superseded) == ["south-parents reminder#0 P2D"])
    }
}
