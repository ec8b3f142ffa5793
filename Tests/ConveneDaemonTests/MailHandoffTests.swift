import ConveneCore
import ConveneProtocol
import ConveneSpool
import ConveneTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

@testable import ConveneDaemon
@testable import ConveneDelivery
@testable import ConveneStore

/// Every message written to a forum's folder is also handed to the MTA through
/// `[delivery] sendmail`, once, in order, retried while refused; against small programs
/// that behave as sendmail does. (The real Postfix is in `MailRoundTripTests`.)
@Suite(.serialized, .runsOnBlockingThreads) struct MailHandoffTests {
    /// A sendmail that keeps each message it is given (`<capture>/<nanoseconds>-<pid>.eml`,
    /// with its arguments beside it), and refuses with status 75, as Postfix's does when
    /// its queue cannot be written, while `refuse` exists.
    struct FakeSendmail {
        let path: String
        let capture: String
        let refuse: String

        init(in work: TemporaryDirectory, body: String? = nil) throws {
            path = work.path + "/sendmail"
            capture = work.path + "/sent"
            refuse = work.path + "/refuse"
            try FileManager.default.createDirectory(atPath: capture, withIntermediateDirectories: true)
            let script =
                body ?? """
                    #!/bin/sh
                    if [ -e \(refuse) ]; then cat > /dev/null; echo 'postdrop: warning: mail_queue_enter: create file maildrop/1234: Permission denied' >&2; exit 75; fi
                    f=\(capture)/$(date +%s%N)-$$; printf '%s ' "$@" > $f.args; cat > $f.eml

                    """
            try ExecutableFile.write(Array(script.utf8), to: path)
        }

        /// What it was given, in the order given: (arguments, message).
        func sent() throws -> [(arguments: String, message: Data)] {
            try FileManager.default.contentsOfDirectory(atPath: capture).filter { $0.hasSuffix(".eml") }.sorted().map { name in
                let stem = capture + "/" + name.dropLast(4)
                return (
                    try String(contentsOfFile: stem + ".args", encoding: .utf8),
                    try Data(contentsOf: URL(fileURLWithPath: capture + "/" + name))
                )
            }
        }
    }

    /// North Parents has two contacts; one meeting a month, Jan to Mar 2027.
    static func configuration(sendmail: String?, timeout: Int = 60) -> Configuration {
        var builder = ConfigurationBuilder()
        builder.series = DeliveryRetryTests.configuration().series
        builder.forums[0] = Forum(
            id: "north-parents", name: "North Parents", district: "north",
            contacts: [
                Contact(name: "Secretary", email: "north@example.org"), Contact(name: "Chair", email: "chair@example.org"),
            ],
            availability: [])
        builder.delivery = DeliverySettings(sendmail: sendmail, sendmailTimeout: timeout)
        return builder.build()
    }

    static func install(_ configuration: Configuration, in harness: DeliveryRetryTests.Harness) async {
        await harness.daemon.install(.init(configuration: configuration, files: [], loadedAt: harness.clock.value, warnings: []))
    }

    /// The spool's copy of a message, by notification id.
    static func spooled(_ harness: DeliveryRetryTests.Harness, _ row: DeliveredNotification) throws -> Data {
        let folder = harness.work.path + "/spool/\(row.forum)"
        let name = try #require(row.fileName)
        let path =
            FileManager.default.fileExists(atPath: folder + "/new/" + name) ? folder + "/new/" + name : folder + "/cur/" + name
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func turnedOnItHandsOverEachForumsLatestMessageAboutEachMeetingAheadThenEveryNewOneOnce() async throws {
        // Written while files were the only way: February's invitation (its meeting is
        // over by the time the hand-off is turned on), March's invitation and reminder.
        let harness = try DeliveryRetryTests.Harness(at: "2027-01-20T08:00:00", configuration: Self.configuration(sendmail: nil))
        await harness.daemon.round()
        harness.clock.advance(27 * 86_400)  // 16 February: March's invitation
        await harness.daemon.round()
        harness.clock.advance(8 * 86_400)  // 24 February: its 14-day reminder
        await harness.daemon.round()
        let before = try harness.daemon.store.notifications().filter { $0.state == .done }
        let march = before.filter { $0.announced.start > harness.clock.value }
        #expect(Set(march.map(\.kind)) == [.invitation, .reminder], "March's invitation and reminder were written")
        #expect(before.contains { $0.announced.start < harness.clock.value }, "and February's, for a meeting now over")

        let work = try TemporaryDirectory(prefix: "handoff")
        let sendmail = try FakeSendmail(in: work)
        await Self.install(Self.configuration(sendmail: sendmail.path), in: harness)
        _ = await harness.daemon.handOffMail()

        // The latest about March for each forum (the reminder: the same SEQUENCE, written
        // later), to each of its contacts, from the organiser; nothing older.
        let latest = march.filter { $0.kind == .reminder }.sorted { $0.forum < $1.forum }
        var sent = try sendmail.sent()
        #expect(sent.count == 2)
        #expect(
            Set(sent.map(\.arguments)) == [
                "-oi -f participation@example.org -- north@example.org chair@example.org ",
                "-oi -f participation@example.org -- south@example.org ",
            ])
        #expect(Set(sent.map(\.message)) == Set(try latest.map { try Self.spooled(harness, $0) }), "the spool's very bytes")

        // Another pass hands nothing again; a new message goes once it is in the folder.
        _ = await harness.daemon.handOffMail()
        #expect(try sendmail.sent().count == 2)
        harness.clock.advance(12 * 86_400)  // 8 March: the 2-day reminder
        await harness.daemon.round()
        _ = await harness.daemon.handOffMail()
        _ = await harness.daemon.handOffMail()
        sent = try sendmail.sent()
        let reminders = try harness.daemon.store.notifications().filter { $0.lead == ISODuration(days: 2) }
        #expect(reminders.count == 2)
        #expect(sent.count == 4)
        #expect(Set(sent.suffix(2).map(\.message)) == Set(try reminders.map { try Self.spooled(harness, $0) }))

        // The ledger, and the control API, say so.
        let rows = try harness.daemon.read(
            .notifications(try NotificationQuery.parse(forum: "north-parents", occurrence: nil, since: nil)),
            as: NotificationsDocument.self
        ).notifications
        let handed = rows.filter { $0.handoff?.state == "handed_off" }
        #expect(handed.count == 2)
        #expect(
            handed.allSatisfy { $0.handoff?.exitStatus == 0 && $0.handoff?.recipients == 2 && $0.handoff?.handedOffAt != nil })
        #expect(rows.filter { $0.handoff == nil }.count == rows.count - 2, "written before the hand-off was on: never queued")
        let forum = try harness.daemon.read(.forum("north-parents"), as: ForumDocument.self)
        #expect(forum.mail?.handedOff == 2 && forum.mail?.waiting == 0)
        #expect(harness.log.entries(withMessageID: CataloguedEvent.messageHandedOff.messageID).count == 4)
    }

    /// A meeting brought forward to a day now past: its invitation for the old date is
    /// not handed over when the hand-off is turned on, as the update replaced it.
    @Test func turnedOnNothingGoesAboutAMeetingMovedIntoThePast() async throws {
        let harness = try DeliveryRetryTests.Harness(at: "2027-03-01T08:00:00", configuration: Self.configuration(sendmail: nil))
        await harness.daemon.round()
        let move = OccurrenceChange.move(
            uid: MovedMeetingTests.uid, start: "2027-03-02T10:00", venue: nil, reason: "The hall is needed on the 9th")
        _ = try await harness.daemon.change(move, by: MovedMeetingTests.root, dryRun: false)
        await harness.daemon.round()
        #expect(try harness.daemon.store.notifications().filter { $0.kind == .update }.count == 2)
        harness.clock.advance(2 * 86_400)  // 3 March: the meeting was yesterday

        let work = try TemporaryDirectory(prefix: "handoff")
        let sendmail = try FakeSendmail(in: work)
        await Self.install(Self.configuration(sendmail: sendmail.path), in: harness)
        _ = await harness.daemon.handOffMail()
        #expect(try sendmail.sent().isEmpty, "not the invitation for the 9th")
        #expect(try harness.daemon.store.waitingHandoffs().isEmpty)
    }

    @Test func aRefusalIsRecordedAndRetriedWithBackoffAndTheForumsLaterMessagesWaitBehindIt() async throws {
        let work = try TemporaryDirectory(prefix: "handoff")
        let sendmail = try FakeSendmail(in: work)
        _ = FileManager.default.createFile(atPath: sendmail.refuse, contents: nil)
        let harness = try DeliveryRetryTests.Harness(
            at: "2027-02-15T10:00:00", configuration: Self.configuration(sendmail: sendmail.path))
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()  // March's invitations
        let (next, stopped) = await harness.daemon.handOffMail()
        #expect(!stopped, "a refusal is the message's, not a hung MTA")
        #expect(next == harness.clock.value + 60, "the spool's backoff: first retry after a minute")
        #expect(try sendmail.sent().isEmpty)
        let failed = harness.log.entries(withMessageID: CataloguedEvent.handoffFailed.messageID)
        #expect(failed.count == 2, "one attempt for each forum")
        #expect(failed.allSatisfy { $0.metadata["exit.status"] == "75" && $0.metadata["notification.id"] != nil })

        let waiting = try harness.daemon.read(
            .notifications(try NotificationQuery.parse(forum: "north-parents", occurrence: nil, since: nil)),
            as: NotificationsDocument.self
        ).notifications.compactMap(\.handoff)
        try #require(waiting.count == 1)
        #expect(waiting[0].state == "waiting" && waiting[0].attempts == 1 && waiting[0].exitStatus == 75)
        #expect(waiting[0].error?.contains("Permission denied") == true)
        #expect(waiting[0].nextAttemptAt != nil)
        #expect(
            try harness.daemon.read(.forum("north-parents"), as: ForumDocument.self).mail?.lastFailure?.contains("75") == true)
        let status = await harness.daemon.status()
        #expect(status.mail == .init(waiting: 2, failing: 2))
        #expect(status.summary.hasSuffix("; 2 messages waiting for the mail system"), "\(status.summary)")

        // A reminder written meanwhile waits behind the refused invitation, even when due.
        harness.clock.advance(8 * 86_400)  // 23 February: the 14-day reminder
        await harness.daemon.round()
        _ = await harness.daemon.handOffMail()
        let queued = try harness.daemon.store.notifications().filter { $0.mail != nil }
        #expect(queued.filter { $0.kind == .invitation }.allSatisfy { $0.mail?.attempts == 2 }, "tried again, refused again")
        #expect(queued.filter { $0.kind == .reminder }.count == 2)
        #expect(queued.filter { $0.kind == .reminder }.allSatisfy { $0.mail?.attempts == 0 }, "not tried before its invitation")
        try FileManager.default.removeItem(atPath: sendmail.refuse)
        harness.clock.advance(3600)
        _ = await harness.daemon.handOffMail()
        let sent = try sendmail.sent()
        #expect(sent.count == 4, "the invitations, then the reminders")
        #expect(await harness.daemon.status().mail == .init(waiting: 0, failing: 0))
        let kinds = sent.map { String(decoding: $0.message, as: UTF8.self) }.map { $0.contains("Reminder") }
        for forum in ["north@example.org", "south@example.org"] {
            let order = zip(sent, kinds).filter { $0.0.arguments.contains(forum) }.map(\.1)
            #expect(order == [false, true], "\(forum): the invitation before its reminder")
        }
    }

    @Test func aHungSendmailIsStoppedAtItsTimeLimit() async throws {
        let work = try TemporaryDirectory(prefix: "handoff")
        let hung = try FakeSendmail(in: work, body: "#!/bin/sh\nexec sleep 600\n")
        let harness = try DeliveryRetryTests.Harness(
            at: "2027-02-15T10:00:00", configuration: Self.configuration(sendmail: hung.path, timeout: 1))
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        _ = await harness.daemon.handOffMail()
        let rows = try harness.daemon.store.notifications().compactMap(\.mail)
        #expect(rows.filter { $0.error == "sendmail did not finish within 1 s and was stopped" }.count == 2)
        #expect(rows.allSatisfy { $0.state == .waiting && $0.exitStatus == nil })
    }

    /// What the MTA said may name a contact: an erasure request for them erases it too.
    @Test func anErasureRequestErasesWhatTheMTASaidAboutTheContact() async throws {
        let work = try TemporaryDirectory(prefix: "handoff")
        let refusing = try FakeSendmail(
            in: work, body: "#!/bin/sh\ncat > /dev/null\necho 'recipient <North@Example.org>: unknown user' >&2\nexit 67\n")
        let harness = try DeliveryRetryTests.Harness(
            at: "2027-02-15T10:00:00", configuration: Self.configuration(sendmail: refusing.path))
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        _ = await harness.daemon.handOffMail()
        let store = harness.daemon.store
        #expect(try store.notifications().compactMap(\.mail?.error).contains { $0.contains("North@Example.org") })
        _ = try store.forget(contact: "north@example.org", by: "root", at: harness.clock.value)
        let errors = try store.notifications().compactMap(\.mail?.error)
        #expect(!errors.isEmpty && errors.allSatisfy { !$0.lowercased().contains("north@example.org") }, "\(errors)")
    }

    /// While sendmail hangs, the work loop plans and writes and reads are answered;
    /// stopping the daemon then ends the hung sendmail without waiting for its time limit,
    /// and its message waits for the next start.
    @Test func aHungSendmailHoldsUpNoRoundOrReadAndAStopEndsIt() async throws {
        let work = try TemporaryDirectory(prefix: "handoff")
        let started = work.path + "/started"
        let hung = try FakeSendmail(in: work, body: "#!/bin/sh\ntouch \(started)\nexec sleep 600\n")
        let configuration = Self.configuration(sendmail: hung.path, timeout: 3600)
        let harness = try DeliveryRetryTests.Harness(at: "2027-02-15T10:00:00", configuration: configuration)
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        let finished = Mutex(false)
        let pass = Task {
            let result = await harness.daemon.handOffMail()
            finished.withLock { $0 = true }
            return result
        }
        try SystemdUserManager.wait("sendmail running", timeout: .seconds(60)) {
            FileManager.default.fileExists(atPath: started) || finished.withLock { $0 }
        }
        let early = try harness.daemon.store.notifications().compactMap(\.mail)
        try #require(!finished.withLock { $0 }, "the pass ended before sendmail ran: \(early)")
        harness.clock.advance(8 * 86_400)
        await harness.daemon.round()
        #expect(try harness.daemon.store.notifications().filter { $0.kind == .reminder }.count == 2, "the round wrote")
        #expect(try harness.daemon.read(.forum("north-parents"), as: ForumDocument.self).name == "North Parents")
        #expect(!finished.withLock { $0 }, "all while sendmail still hung")
        await harness.daemon.markStopping()
        let (_, stopped) = await pass.value
        #expect(stopped)
        let rows = try harness.daemon.store.notifications().compactMap(\.mail)
        #expect(rows.contains { $0.error == "sendmail was stopped because convened is stopping" }, "\(rows)")
        #expect(rows.allSatisfy { $0.state == .waiting })
    }

    @Test func turnedOffNothingNewIsQueuedAndTurnedOnAgainOnlyWhatIsLatestAndNotHandedOverGoes() async throws {
        let work = try TemporaryDirectory(prefix: "handoff")
        let sendmail = try FakeSendmail(in: work)
        let harness = try DeliveryRetryTests.Harness(
            at: "2027-02-15T10:00:00", configuration: Self.configuration(sendmail: sendmail.path))
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        _ = await harness.daemon.handOffMail()
        #expect(try sendmail.sent().count == 2, "March's invitations")

        await Self.install(Self.configuration(sendmail: nil), in: harness)
        harness.clock.advance(8 * 86_400)
        await harness.daemon.round()  // the 14-day reminders, files only
        _ = await harness.daemon.handOffMail()
        #expect(try sendmail.sent().count == 2)
        #expect(try harness.daemon.store.mailHandoffSince() == nil)

        await Self.install(Self.configuration(sendmail: sendmail.path), in: harness)
        _ = await harness.daemon.handOffMail()
        let sent = try sendmail.sent()
        #expect(sent.count == 4, "the reminders, now each forum's latest")
        #expect(sent.suffix(2).allSatisfy { String(decoding: $0.message, as: UTF8.self).contains("Reminder") })
    }
}

/// A crash after sendmail took a message but before the ledger recorded it hands the
/// message over again (the same bytes, so the same Message-ID): the only repeat there is.
/// A crash anywhere else repeats nothing.
@Suite(.serialized, .runsOnBlockingThreads) struct MailHandoffCrashTests {
    struct Crash: Error {}

    @Test(arguments: MailHandoff.Checkpoint.allCases)
    func aCrashAtEachStepRepeatsAHandOffOnlyWhenItCameBetweenSendmailAndTheLedger(_ step: MailHandoff.Checkpoint) async throws {
        let work = try TemporaryDirectory(prefix: "handoff-crash")
        let sendmail = try MailHandoffTests.FakeSendmail(in: work)
        let configuration = MailHandoffTests.configuration(sendmail: sendmail.path)
        let harness = try DeliveryRetryTests.Harness(at: "2027-02-15T10:00:00", configuration: configuration)
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        let store = harness.daemon.store
        let spool = MaildirSpool(root: harness.work.path + "/spool")
        let victim = try #require(try store.waitingHandoffs().first { $0.recipient == "north-parents" }).message

        // The process dies at `step` while handing over North Parents' invitation.
        let crashing = MailHandoff(
            store: store, spool: spool, configuration: configuration, inFlight: 1,
            checkpoint: { at, message in if at == step && message == victim { throw Crash() } })
        #expect(throws: Crash.self) { try crashing.pass(now: harness.clock.value) }
        // Started again: a fresh pass over what the ledger says.
        let restarted = MailHandoff(store: store, spool: spool, configuration: configuration)
        _ = try restarted.pass(now: harness.clock.value)
        _ = try restarted.pass(now: harness.clock.value)

        let copies = try sendmail.sent().filter { $0.arguments.contains("north@example.org") }
        #expect(copies.count == (step == .handedOff ? 2 : 1))
        #expect(Set(copies.map(\.message)).count == 1, "a repeat is the same bytes, the same Message-ID")
        #expect(try sendmail.sent().filter { $0.arguments.contains("south@example.org") }.count == 1)
        #expect(try store.waitingHandoffs().isEmpty)
    }
}

/// The ledger refuses to record a hand-off sendmail completed (a full disk): the message
/// is recorded at the next pass, not handed over again.
@Suite(.serialized, .runsOnBlockingThreads) struct MailHandoffLedgerTests {
    @Test func aHandOffTheLedgerCouldNotRecordIsRecordedLaterAndNotRepeated() async throws {
        let work = try TemporaryDirectory(prefix: "handoff-ledger")
        let sendmail = try MailHandoffTests.FakeSendmail(in: work)
        let configuration = MailHandoffTests.configuration(sendmail: sendmail.path)
        let harness = try DeliveryRetryTests.Harness(at: "2027-02-15T10:00:00", configuration: configuration)
        await harness.daemon.matchMailHandoff()
        await harness.daemon.round()
        let store = harness.daemon.store
        try store.write("refuse") { db in
            try db.execute(
                """
                CREATE TRIGGER "refuse" BEFORE UPDATE OF "state" ON "mailHandoff" WHEN NEW."state" = 'handed_off'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
                """)
        }
        let unrecorded = UnrecordedHandoffs()
        let handoff = MailHandoff(
            store: store, spool: MaildirSpool(root: harness.work.path + "/spool"), configuration: configuration,
            inFlight: 1, unrecorded: unrecorded)
        #expect(throws: (any Error).self) { try handoff.pass(now: harness.clock.value) }
        #expect(try sendmail.sent().count == 1, "the first was taken, and the pass stopped at the ledger's refusal")
        try store.write("accept") { db in try db.execute(#"DROP TRIGGER "refuse""#) }
        _ = try handoff.pass(now: harness.clock.value)
        #expect(try sendmail.sent().count == 2, "the other forum's; the first only recorded")
        #expect(try store.waitingHandoffs().isEmpty)
        #expect(try store.notifications().compactMap(\.mail).allSatisfy { $0.state == .handedOff })
    }
}

/// What is no longer worth handing over.
struct MailHandoffStaleTests {
    func message(_ id: String, occurrence: String = "m1", sequence: Int = 0, end: Int = 1000) -> WaitingHandoff {
        WaitingHandoff(
            message: id, recipient: "north-parents", fileName: id,
            meeting: .init(occurrence: occurrence, sequence: sequence, end: end))
    }

    @Test func aMessageForAMeetingOverOrReplacedByAHigherSequenceIsSkippedAndNothingElse() {
        let invitation = message("invitation")
        let reminder = message("reminder")
        let update = message("update", sequence: 1)
        let other = message("other", occurrence: "m2", sequence: 3)
        #expect(MailHandoff.stale(invitation, after: [reminder, other][...], now: 10) == nil, "a reminder replaces nothing")
        #expect(MailHandoff.stale(invitation, after: [update][...], now: 10)?.contains("newer message") == true)
        #expect(MailHandoff.stale(reminder, after: [][...], now: 1000)?.contains("meeting was over") == true)
        #expect(
            MailHandoff.stale(
                WaitingHandoff(message: "digest", recipient: "north-parents", fileName: "d"), after: [][...], now: 5000) == nil)
        #expect(
            MailHandoff.queues([
                invitation, WaitingHandoff(message: "r", recipient: "send-lead", toOfficer: true, fileName: "r"), update,
            ])
            .map { $0.map(\.message) } == [["invitation", "update"], ["r"]])
    }
}
