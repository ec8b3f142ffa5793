import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import ConveneSystemd
import ConveneTestSupport
import Foundation
import Synchronization
import Testing

@testable import ConveneDaemon

/// The daemon's work loop with a manual clock: a forum whose spool folder cannot be
/// written is logged with the forum and notification, retried with a doubling delay,
/// and written exactly once when it clears; the other forums are not held up.
@Suite struct DeliveryRetryTests {
    static let zone = ZoneRules(identifier: "Europe/London")!
    static func instant(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    /// Two forums invited to one meeting on Tue 9 March 2027, published on 15 February.
    static func configuration() -> Configuration {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series(
                "forum", "FREQ=MONTHLY;BYDAY=2TU;COUNT=3",
                start: "2027-01-12T10:00:00")
        ]
        return builder.build()
    }

    struct Harness {
        let work: TemporaryDirectory
        let daemon: Daemon
        let log: LogRecord
        let clock: Clock

        final class Clock: Sendable {
            let now: Mutex<Int>
            init(_ start: Int) { now = Mutex(start) }
            func advance(_ seconds: Int) { now.withLock { $0 += seconds } }
            var value: Int { now.withLock { $0 } }
        }

        init(at start: String, configuration: Configuration = DeliveryRetryTests.configuration()) throws {
            work = try TemporaryDirectory(prefix: "retry")
            log = LogRecord()
            let clock = Clock(DeliveryRetryTests.instant(start))
            self.clock = clock
            let options = DaemonOptions(
                configFile: work.path + "/convened.toml", stateDirectory: work.path,
                spoolDirectory: work.path + "/spool", socketPath: work.path + "/control.sock")
            daemon = try Daemon(
                options: options,
                loaded: .init(configuration: configuration, files: [], loadedAt: clock.value, warnings: []),
                store: try Store.open(path: options.ledgerPath), spool: MaildirSpool(root: options.spoolDirectory),
                timer: try WallClockTimer(), logger: log.logger(), notifier: ServiceNotifier(enabled: false),
                clock: { clock.value }, retryPolicy: RetryPolicy(first: 60, limit: 600))
        }

        /// Message files in a forum's new/.
        func delivered(_ forum: String) -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: work.path + "/spool/\(forum)/new")) ?? []
        }

        var retries: [LogRecord.Entry] { log.entries(withMessageID: CataloguedEvent.notificationRetry.messageID) }
    }

    @Test func aForumThatCannotBeWrittenIsRetriedWithBackoffAndWrittenOnceItClears() async throws {
        let harness = try Harness(at: "2027-03-01T08:00:00")
        let blocked = harness.work.path + "/spool/south-parents"
        try FileManager.default.createDirectory(atPath: harness.work.path + "/spool", withIntermediateDirectories: true)
        // A plain file where the forum's folder should be: every write into it fails.
        _ = FileManager.default.createFile(atPath: blocked, contents: Data("not a folder".utf8))

        await harness.daemon.round()
        #expect(harness.delivered("north-parents").count == 1, "the other forum is not held up")
        #expect(harness.retries.count == 1)
        let retry = try #require(harness.retries.first)
        #expect(retry.level == .warning)
        #expect(retry.metadata["forum.id"] == "south-parents")
        #expect(retry.metadata["notification.id"]?.hasPrefix("invitation-") == true)
        #expect(retry.metadata["retry.in"] == "60s")
        var status = await harness.daemon.status()
        #expect(status.lastError?.hasPrefix("south-parents: cannot ") == true)
        #expect(status.summary.hasSuffix("; retrying 1 forum"))

        harness.clock.advance(30)
        await harness.daemon.round()
        #expect(harness.retries.count == 1, "not retried before its delay is up")

        harness.clock.advance(30)
        await harness.daemon.round()
        #expect(harness.retries.map { $0.metadata["retry.in"] } == ["60s", "120s"], "the delay doubles")

        try FileManager.default.removeItem(atPath: blocked)
        harness.clock.advance(120)
        await harness.daemon.round()
        #expect(harness.delivered("south-parents").count == 1)
        #expect(harness.delivered("north-parents").count == 1, "nothing written twice")
        #expect(harness.retries.count == 2)
        status = await harness.daemon.status()
        #expect(status.lastError == nil)
        #expect(!status.summary.contains("retrying"))
        let written = harness.log.entries(withMessageID: CataloguedEvent.notificationWritten.messageID)
        #expect(written.map { $0.metadata["forum.id"] } == ["north-parents", "south-parents"])
    }

    @Test func theNextWakeIsTheNextDueNotificationAndTheStatusSaysWhatItIs() async throws {
        // 1 March: both invitations are overdue (published 15 February) and the 14-day
        // reminder (23 February) has been overtaken by them; next is the 2-day reminder.
        let harness = try Harness(at: "2027-03-01T08:00:00")
        let next = await harness.daemon.round()
        #expect(harness.delivered("north-parents").count == 1)
        #expect(harness.delivered("south-parents").count == 1)
        #expect(next == Self.instant("2027-03-07T10:00:00"))
        let status = await harness.daemon.status()
        #expect(status.nextNotification == .init(due: "2027-03-07T10:00:00+00:00", kind: "reminder", forums: 2))
        #expect(status.summary == "2 forums, 1 series; next: reminder to 2 forums Sun 7 Mar 10:00")
    }
}
