import ConveneCore
import ConveneTestSupport
import Testing

/// The planner with a manual clock: one monthly meeting (Tue 9 March 2027, 10:00),
/// one forum, published 14 days before the month, reminders 14 and 2 days before.
@Suite struct NotificationPlannerTests {
    static let uid = "forum-20270309@example.org"
    let builder: ConfigurationBuilder
    let zone = ZoneRules(identifier: "Europe/London")!

    init() {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00",
                invited: ["north-parents"])
        ]
        self.builder = builder
    }

    private func instant(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    /// Plans at `now` for March 2027 with `overrides`, given what was recorded so far.
    private func plan(
        at now: String, _ history: [NotificationRecord], overrides: [Override] = [],
        builder: ConfigurationBuilder? = nil
    ) -> NotificationPlanner.Plan {
        let configuration = (builder ?? self.builder).build()
        let scheduler = Scheduler(configuration: configuration)
        let year = [2027: scheduler.placed(year: 2027, overrides: overrides)]
        let occurrences = scheduler.schedule(from: .on("2027-03-01"), through: .on("2027-03-31"), overrides: overrides)
            .occurrences
        let horizon = instant("2027-03-01T00:00:00")..<instant("2027-04-01T00:00:00")
        return NotificationPlanner(configuration: configuration)
            .plan(occurrences: occurrences, history: history, horizon: horizon, now: instant(now)) {
                Scheduler.occurrence($0, in: year)
            }
    }

    /// What the daemon does with a plan: records the due ones as sent now, the rest as superseded.
    private func deliver(_ plan: NotificationPlanner.Plan, at now: String) -> [NotificationRecord] {
        plan.due.map { NotificationRecord($0, outcome: .sent(at: instant(now))) }
            + plan.superseded.map { NotificationRecord($0, outcome: .superseded) }
    }

    private func kinds(_ plan: NotificationPlanner.Plan) -> [String] {
        plan.due.map { "\($0.kind.rawValue)#\($0.sequence)\($0.lead.map { " \($0)" } ?? "")" }
    }

    @Test func theInvitationWaitsForPublicationFourteenDaysBeforeTheMonth() {
        let early = plan(at: "2027-02-15T08:59:59", [])
        #expect(early.due.isEmpty)
        #expect(early.nextDue == instant("2027-02-15T09:00:00"))
        let published = plan(at: "2027-02-15T09:00:00", [])
        #expect(kinds(published) == ["invitation#0"])
        #expect(published.due.first?.occurrence.uid == Self.uid)
        #expect(published.nextDue == instant("2027-02-23T10:00:00"), "then the 14-day reminder")
    }

    @Test func eachLeadTimeBringsItsReminderOnce() {
        var history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let fourteen = plan(at: "2027-02-23T10:00:00", history)
        #expect(kinds(fourteen) == ["reminder#0 P14D"])
        history += deliver(fourteen, at: "2027-02-23T10:00:00")
        #expect(plan(at: "2027-02-23T10:05:00", history).due.isEmpty, "never twice")
        let two = plan(at: "2027-03-07T10:00:00", history)
        #expect(kinds(two) == ["reminder#0 P2D"])
        history += deliver(two, at: "2027-03-07T10:00:00")
        let after = plan(at: "2027-03-08T10:00:00", history)
        #expect(after.due.isEmpty)
        #expect(after.nextDue == nil)
    }

    @Test func aMeetingAnnouncedLateGetsItsInvitationAndNotTheRemindersItMissed() {
        // First planned on 1 March: publication (15 Feb) and the 14-day reminder (23 Feb) have passed.
        let late = plan(at: "2027-03-01T12:00:00", [])
        #expect(kinds(late) == ["invitation#0"])
        #expect(late.superseded.map(\.kind) == [.reminder])
        #expect(late.nextDue == instant("2027-03-07T10:00:00"))
    }

    @Test func aMoveAfterTheInvitationSendsAnUpdateWithTheNextSequence() {
        let history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let move = Override(uid: Self.uid, action: .move(to: LocalDateTime("2027-03-10T14:00:00")!, venue: nil), reason: "Flood")
        let updated = plan(at: "2027-02-20T12:00:00", history, overrides: [move])
        #expect(kinds(updated) == ["update#1"])
        #expect(updated.due.first?.occurrence.start.rfc3339 == "2027-03-10T14:00:00+00:00")
        #expect(updated.due.first?.due == instant("2027-02-20T12:00:00"))
    }

    /// Moved past the horizon: the forum hears the new date now, not a cancellation now
    /// and an invitation when the new date comes into view.
    @Test func aMeetingMovedOutOfTheWindowIsAnUpdateNotACancellation() {
        var history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let move = Override(
            uid: Self.uid, action: .move(to: LocalDateTime("2027-08-10T10:00:00")!, venue: nil),
            reason: "Joint meeting with health")
        let moved = plan(at: "2027-02-20T12:00:00", history, overrides: [move])
        #expect(kinds(moved) == ["update#1"])
        #expect(moved.due.first?.occurrence.start.rfc3339 == "2027-08-10T10:00:00+01:00")
        history += deliver(moved, at: "2027-02-20T12:00:00")
        let later = plan(at: "2027-03-09T10:00:00", history, overrides: [move])
        #expect(later.due.isEmpty && later.superseded.isEmpty, "nothing about the old date")
        #expect(later.nextDue == nil, "what the forum was told is past the horizon now")
        #expect(
            Scheduler(configuration: builder.build())
                .schedule(from: .on("2027-03-01"), through: .on("2027-03-31"), overrides: [move]).occurrences.isEmpty,
            "the month's schedule shows it in August only")
    }

    /// With `publish_days_before_month = 0` a month is published at 09:00 on the 1st; a
    /// meeting at 08:00 that day goes out with the month before instead of never.
    @Test func aMeetingBeforeItsMonthIsPublishedGoesOutWithTheMonthBefore() {
        var early = builder
        early.notifications = NotificationSettings(publishDaysBeforeMonth: 0, reminders: [])
        early.series = [
            ConfigurationBuilder.series(
                "breakfast", "FREQ=MONTHLY;BYMONTHDAY=1", start: "2027-01-01T08:00:00",
                minutes: 60, invited: ["north-parents"])
        ]
        let before = plan(at: "2027-02-01T08:59:59", [], builder: early)
        #expect(before.due.isEmpty)
        #expect(before.nextDue == instant("2027-02-01T09:00:00"))
        let published = plan(at: "2027-02-01T09:00:00", [], builder: early)
        #expect(kinds(published) == ["invitation#0"])
        #expect(published.due.first?.occurrence.start.rfc3339 == "2027-03-01T08:00:00+00:00")
    }

    @Test func aCancellationAfterTheInvitationIsSentAndARestoreInvitesAgain() {
        var history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let cancel = Override(uid: Self.uid, action: .cancel, reason: "Tribunal week")
        let cancelled = plan(at: "2027-02-20T12:00:00", history, overrides: [cancel])
        #expect(kinds(cancelled) == ["cancellation#1"])
        history += deliver(cancelled, at: "2027-02-20T12:00:00")
        #expect(plan(at: "2027-02-23T10:00:00", history, overrides: [cancel]).due.isEmpty, "no reminder for a cancelled meeting")
        let restore = Override(uid: Self.uid, action: .restore, reason: "Tribunal moved")
        let restored = plan(at: "2027-02-24T09:00:00", history, overrides: [cancel, restore])
        #expect(kinds(restored) == ["invitation#2"])
    }

    @Test func afterDowntimeAcrossTwoReminderTimesOnlyTheLatestGoesOut() {
        let history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let catchUp = plan(at: "2027-03-08T08:00:00", history)
        #expect(kinds(catchUp) == ["reminder#0 P2D"])
        #expect(catchUp.superseded.map(\.lead) == [ISODuration(days: 14)])
        let after = history + deliver(catchUp, at: "2027-03-08T08:00:00")
        #expect(plan(at: "2027-03-08T09:00:00", after).due.isEmpty, "the superseded reminder never follows")
    }

    @Test func nothingIsSentAboutAMeetingThatHasStarted() {
        let history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        let started = plan(at: "2027-03-09T10:00:00", history)
        #expect(started.due.isEmpty)
        #expect(started.superseded.isEmpty)
        let move = Override(uid: Self.uid, action: .move(to: LocalDateTime("2027-03-10T10:00:00")!, venue: nil), reason: "x")
        #expect(
            plan(at: "2027-03-09T10:30:00", [], overrides: [move]).due.map(\.kind) == [.invitation],
            "a meeting moved to a later day is announced while it has not started")
    }

    @Test func aMeetingThatLeavesTheScheduleIsCancelledForForumsThatWereTold() {
        let history = deliver(plan(at: "2027-02-15T09:00:00", []), at: "2027-02-15T09:00:00")
        var emptied = builder
        emptied.series = []
        let gone = plan(at: "2027-02-20T12:00:00", history, builder: emptied)
        #expect(kinds(gone) == ["cancellation#1"])
        #expect(gone.due.first?.occurrence.start.rfc3339 == "2027-03-09T10:00:00+00:00")
    }

    @Test func identifiersAreStableAndDistinct() {
        let a = Notification.identifier(
            occurrence: Self.uid, kind: .reminder, sequence: 0, lead: ISODuration(days: 2), forum: "f")
        #expect(
            a
                == Notification.identifier(
                    occurrence: Self.uid, kind: .reminder, sequence: 0, lead: ISODuration(days: 2), forum: "f"))
        #expect(
            a
                != Notification.identifier(
                    occurrence: Self.uid, kind: .reminder, sequence: 1, lead: ISODuration(days: 2), forum: "f"))
        #expect(
            a
                != Notification.identifier(
                    occurrence: Self.uid, kind: .reminder, sequence: 0, lead: ISODuration(days: 14), forum: "f"))
        #expect(a.hasPrefix("reminder-") && a.count == "reminder-".count + 16)
    }
}
