import ConveneCore
import ConveneTestSupport
import Testing

@testable import ConveneStore

/// The ledger's side of exactly-once delivery: commit is the decision, done follows
/// the rename, superseded ones are never sent, and recovery finds what is pending.
@Suite struct LedgerTests {
    typealias F = LedgerFixtures
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-store")
    }

    /// Commits and marks done, as the spool writer does on the happy path.
    private func deliver(_ notification: Notification, at now: String, to store: Store) throws {
        let writtenAt = F.instant(now)
        try store.commit(notification, fileName: F.fileName(notification, at: writtenAt), writtenAt: writtenAt)
        try store.markDone(notification.id)
    }

    @Test func historyGivesBackWhatWasCommittedDoneAndSuperseded() throws {
        let store = try Store.open(path: directory.storePath)
        let invitation = F.notification(.invitation)
        let online = F.notification(.invitation, F.online, forum: "south-parents")
        let reminder = F.notification(.reminder, sequence: 0, lead: "P1DT2H30M", due: "2027-03-08T07:30:00")
        let stale = F.notification(.reminder, lead: "P14D", due: "2027-02-23T10:00:00")
        try deliver(invitation, at: "2027-02-15T09:00:05", to: store)
        try store.commit(online, fileName: "online.eml", writtenAt: F.instant("2027-02-15T09:00:06"))
        try deliver(reminder, at: "2027-03-08T07:30:00", to: store)
        try store.recordSuperseded([stale])

        let expected: Set = [
            NotificationRecord(invitation, outcome: .sent(at: F.instant("2027-02-15T09:00:05"))),
            NotificationRecord(online, outcome: .sent(at: F.instant("2027-02-15T09:00:06"))),
            NotificationRecord(reminder, outcome: .sent(at: F.instant("2027-03-08T07:30:00"))),
            NotificationRecord(stale, outcome: .superseded),
        ]
        let history = try store.history()
        #expect(history.count == 4)
        #expect(Set(history) == expected)
        let drop = try #require(history.first { $0.id == online.id })
        #expect(
            drop.announced
                == Announcement(
                    series: "evening-drop-in", title: "Evening Drop In",
                    start: F.instant("2027-03-25T18:30:00"),
                    end: F.instant("2027-03-25T19:30:00"), venue: nil,
                    online: "https://meet.example.org/drop-in"))
        #expect(history.first { $0.id == reminder.id }?.lead == ISODuration(days: 1, seconds: 9000))
        #expect(history.first { $0.id == invitation.id }?.announced.venue == "county-hall")
    }

    /// The planner's part of the history, selected in SQL, is what the planner's own
    /// rule selects in memory: every row about the occurrences named (whatever they
    /// announced) and every row about an occurrence any row announced in the range.
    @Test func theHistoryAPlanNeedsIsSelectedAsThePlannerSaysWholeOccurrencesAtATime() throws {
        let store = try Store.open(path: directory.storePath)
        let base = F.inPerson
        func meeting(_ uid: String, _ start: String) -> Occurrence {
            let start = F.zone.resolve(LocalDateTime(start)!)
            return Occurrence(
                uid: uid, series: base.series, title: base.title, ruleStart: start, start: start,
                end: F.zone.zoned(instant: start.instant + 7_200), venue: base.venue, online: nil,
                invited: base.invited, status: .scheduled, reason: nil)
        }
        // One a month, and one whose uid needs escaping in JSON.
        var meetings = (1...9).map { meeting("m\($0)-2027@example.org", "2027-0\($0)-10T10:00:00") }
        meetings.append(meeting("odd\"\\\u{1}é@example.org", "2027-02-10T10:00:00"))
        for occurrence in meetings {
            for forum in ["north-parents", "south-parents"] {
                try deliver(
                    F.notification(.invitation, occurrence, forum: forum, due: "2026-12-15T09:00:00"),
                    at: "2026-12-15T09:00:00", to: store)
            }
        }
        // March's meeting moved to June (told), May's reminder superseded.
        let moved = meeting("m3-2027@example.org", "2027-06-20T10:00:00")
        try deliver(F.notification(.update, moved, sequence: 1, due: "2027-01-05T12:00:00"), at: "2027-01-05T12:00:00", to: store)
        try store.recordSuperseded([F.notification(.reminder, meetings[4], lead: "P14D", due: "2027-04-26T10:00:00")])

        let all = try store.history()
        var starts: [String: [Int]] = [:]
        for record in all { starts[record.occurrence, default: []].append(record.announced.start) }
        let cases: [NotificationPlanner.HistoryNeeded] = [
            .init(
                occurrences: ["m2-2027@example.org", meetings[9].uid],
                announced: F.instant("2027-05-01T00:00:00")..<F.instant("2027-07-01T00:00:00")),
            .init(occurrences: [], announced: F.instant("2027-06-01T00:00:00")..<F.instant("2027-09-01T00:00:00")),
            .init(occurrences: ["m8-2027@example.org", "no-such@example.org"], announced: 0..<0),
            .init(occurrences: [], announced: 0..<0),
        ]
        for needed in cases {
            let selected = try store.history(needed)
            let expected = all.filter { needed.includes(occurrence: $0.occurrence, announcedStarts: starts[$0.occurrence] ?? []) }
            #expect(selected == expected, "\(needed)")
        }
        let first = try store.history(cases[0])
        #expect(
            Set(first.map(\.occurrence)) == [
                "m2-2027@example.org", meetings[9].uid, "m3-2027@example.org",
                "m5-2027@example.org", "m6-2027@example.org",
            ])
        #expect(first.filter { $0.occurrence == "m3-2027@example.org" }.count == 3, "the invitations before the move too")
        #expect(first.contains { $0.outcome == .superseded })
        #expect(try store.history(cases[3]).isEmpty)
    }

    @Test func aSecondCommitOfTheSameIdFailsAndLeavesOneRow() throws {
        let store = try Store.open(path: directory.storePath)
        let invitation = F.notification(.invitation)
        try store.commit(invitation, fileName: "first.eml", writtenAt: 100)
        #expect(throws: StoreError.alreadyCommitted(id: invitation.id)) {
            try store.commit(invitation, fileName: "second.eml", writtenAt: 200)
        }
        try store.markDone(invitation.id)
        #expect(throws: StoreError.alreadyCommitted(id: invitation.id)) {
            try store.commit(invitation, fileName: "third.eml", writtenAt: 300)
        }
        let rows = try store.notifications()
        #expect(rows.map(\.fileName) == ["first.eml"])
        #expect(rows.map(\.writtenAt) == [100])
        #expect(
            StoreError.alreadyCommitted(id: invitation.id).description
                == "notification \(invitation.id) was already committed")
    }

    @Test func aSupersededNotificationCannotBeCommittedLater() throws {
        let store = try Store.inMemory()
        let stale = F.notification(.reminder, lead: "P14D")
        try store.recordSuperseded([stale])
        #expect(throws: StoreError.alreadySuperseded(id: stale.id)) {
            try store.commit(stale, fileName: "late.eml", writtenAt: 1)
        }
        #expect(try store.notifications().map(\.state) == [.superseded])
    }

    @Test func recordingSupersededTwiceChangesNothingAndNeverOverridesACommit() throws {
        let store = try Store.open(path: directory.storePath)
        let stale = F.notification(.reminder, lead: "P14D")
        let sent = F.notification(.invitation)
        try store.commit(sent, fileName: "sent.eml", writtenAt: 10)
        try store.recordSuperseded([stale])
        try store.recordSuperseded([stale, sent])
        try store.recordSuperseded([])
        let rows = try store.notifications()
        #expect(rows.map(\.id) == [sent.id, stale.id])
        #expect(rows.map(\.state) == [.committed, .superseded])
        #expect(rows.map(\.fileName) == ["sent.eml", nil])
    }

    @Test func markingDoneNeedsACommitAndMayBeRepeated() throws {
        let store = try Store.inMemory()
        let invitation = F.notification(.invitation)
        #expect(throws: StoreError.notCommitted(id: invitation.id)) { try store.markDone(invitation.id) }
        try store.recordSuperseded([invitation])
        #expect(throws: StoreError.notCommitted(id: invitation.id)) { try store.markDone(invitation.id) }

        let reminder = F.notification(.reminder, lead: "P2D")
        try store.commit(reminder, fileName: "r.eml", writtenAt: 5)
        try store.markDone(reminder.id)
        try store.markDone(reminder.id)
        #expect(try store.notifications().first { $0.id == reminder.id }?.state == .done)
    }

    @Test func committedNotDoneListsExactlyTheCommittedOnesOldestFirst() throws {
        let store = try Store.open(path: directory.storePath)
        let done = F.notification(.invitation)
        let later = F.notification(.invitation, forum: "south-parents")
        let earlier = F.notification(.invitation, F.online)
        try store.commit(done, fileName: "done.eml", writtenAt: 1)
        try store.markDone(done.id)
        try store.commit(later, fileName: "later.eml", writtenAt: 30)
        try store.commit(earlier, fileName: "earlier.eml", writtenAt: 20)
        try store.recordSuperseded([F.notification(.reminder, lead: "P14D")])
        #expect(
            try store.committedNotDone() == [
                PendingDelivery(id: earlier.id, forum: "north-parents", fileName: "earlier.eml"),
                PendingDelivery(id: later.id, forum: "south-parents", fileName: "later.eml"),
            ])
        try store.markDone(earlier.id)
        #expect(try store.committedNotDone().map(\.id) == [later.id])
    }

    @Test func theAuditFiltersByForumOccurrenceAndTime() throws {
        let store = try Store.open(path: directory.storePath)
        let northIn = F.notification(.invitation)
        let southIn = F.notification(.invitation, forum: "south-parents")
        let northOnline = F.notification(.invitation, F.online)
        let northReminder = F.notification(.reminder, lead: "P2D", due: "2027-03-07T10:00:00")
        let northStale = F.notification(.reminder, lead: "P14D", due: "2027-02-23T10:00:00")
        try deliver(northIn, at: "2027-02-15T09:00:00", to: store)
        try deliver(southIn, at: "2027-02-15T09:00:01", to: store)
        try deliver(northOnline, at: "2027-02-15T09:00:02", to: store)
        try store.recordSuperseded([northStale])
        try store.commit(northReminder, fileName: "reminder.eml", writtenAt: F.instant("2027-03-07T10:00:00"))

        #expect(
            try store.notifications().map(\.id) == [
                northIn.id, southIn.id, northOnline.id, northReminder.id,
                northStale.id,
            ])
        #expect(
            try store.notifications(forum: "north-parents").map(\.id)
                == [northIn.id, northOnline.id, northReminder.id, northStale.id])
        #expect(
            try store.notifications(occurrence: F.inPerson.uid).map(\.id)
                == [northIn.id, southIn.id, northReminder.id, northStale.id])
        #expect(
            try store.notifications(forum: "north-parents", occurrence: F.inPerson.uid).map(\.id)
                == [northIn.id, northReminder.id, northStale.id])
        #expect(
            try store.notifications(since: F.instant("2027-02-15T09:00:01")).map(\.id)
                == [southIn.id, northOnline.id, northReminder.id])
        #expect(try store.notifications(forum: "south-parents", since: F.instant("2027-03-01T00:00:00")).isEmpty)

        let reminder = try #require(
            try store.notifications(
                forum: "north-parents", occurrence: F.inPerson.uid,
                since: F.instant("2027-03-01T00:00:00")
            ).first)
        #expect(
            reminder
                == DeliveredNotification(
                    id: northReminder.id, forum: "north-parents", occurrence: F.inPerson.uid, kind: .reminder, sequence: 0,
                    lead: ISODuration(days: 2), due: F.instant("2027-03-07T10:00:00"),
                    writtenAt: F.instant("2027-03-07T10:00:00"), fileName: "reminder.eml", state: .committed,
                    announced: Announcement(F.inPerson)))
    }

    @Test func reopeningTheFileKeepsEverything() throws {
        let invitation = F.notification(.invitation)
        let pending = F.notification(.invitation, F.online)
        let stale = F.notification(.reminder, lead: "P14D")
        let before: [DeliveredNotification]
        do {
            let store = try Store.open(path: directory.storePath)
            try deliver(invitation, at: "2027-02-15T09:00:00", to: store)
            try store.commit(pending, fileName: "pending.eml", writtenAt: 42)
            try store.recordSuperseded([stale])
            try store.record(Override(uid: F.inPerson.uid, action: .cancel, reason: "Snow"), by: "jo", at: 7)
            before = try store.notifications()
        }
        let store = try Store.open(path: directory.storePath)
        #expect(try store.notifications() == before)
        #expect(try store.committedNotDone().map(\.id) == [pending.id])
        #expect(try store.history().count == 3)
        #expect(try store.overrideHistory().map(\.madeBy) == ["jo"])
    }
}
