import ConveneDelivery
import ConveneSystemd
import Foundation
import Synchronization
import Testing

@testable import ConveneDaemon
@testable import ConveneStore

/// The inbox's service when a message cannot be filed: it waits in `new/`, the pass is
/// tried again after the retry policy's delay (with no new arrival to wake it), and once
/// the fault clears the message is recorded once and filed.
@Suite struct InboxRetryTests {
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        /// A plain file where `cur/` should be: the ledger commits, the move fails.
        case curIsNotAFolder
        /// The ledger refuses the record, as a full disk makes it.
        case ledgerRefusesWrites

        var testDescription: String { rawValue }

        func make(in setup: InboxTests.Setup) throws {
            switch self {
            case .curIsNotAFolder:
                try FileManager.default.removeItem(atPath: setup.inbox.root + "/cur")
                #expect(FileManager.default.createFile(atPath: setup.inbox.root + "/cur", contents: Data()))
            case .ledgerRefusesWrites:
                try Self.alterLedger(
                    in: setup, "CREATE TRIGGER full BEFORE INSERT ON inbound BEGIN SELECT RAISE(ABORT, 'disk is full'); END")
            }
        }

        func clear(in setup: InboxTests.Setup) throws {
            switch self {
            case .curIsNotAFolder:
                try FileManager.default.removeItem(atPath: setup.inbox.root + "/cur")
                try FileManager.default.createDirectory(atPath: setup.inbox.root + "/cur", withIntermediateDirectories: false)
            case .ledgerRefusesWrites:
                try Self.alterLedger(in: setup, "DROP TRIGGER full")
            }
        }

        /// Runs `sql` on the daemon's ledger through a connection of its own, as an admin's
        /// `sqlite3` would.
        private static func alterLedger(in setup: InboxTests.Setup, _ sql: String) throws {
            let connection = try SQLiteConnection(path: setup.harness.work.path + "/ledger.sqlite", role: .writer)
            try connection.execute(sql)
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: Fault.allCases)
    func aMessageThatCannotBeFiledWaitsAndIsFiledOnceWhenItCanBe(_ fault: Fault) async throws {
        let setup = try await InboxTests.Setup()
        let log = setup.harness.log
        try fault.make(in: setup)
        await setup.harness.daemon.markReady(listener: "test")
        let service = InboxService(
            daemon: setup.harness.daemon, inbox: setup.inbox, watcher: try DirectoryWatcher(path: setup.inbox.root + "/new"),
            retryPolicy: RetryPolicy(first: 1, limit: 1))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "DECLINED", id: "r1@example.org"), name: "1.R.host")

        func failures() -> [LogRecord.Entry] { log.all.filter { $0.message.hasPrefix("cannot file a message from the inbox") } }
        try await Self.wait(for: "the pass tried again") { failures().count >= 2 }
        // The times the failures were logged, not when this test saw them: a busy machine
        // may run the test's polling late.
        let (first, second) = (failures()[0].at, failures()[1].at)
        #expect(second - first > .milliseconds(900), "not before the retry policy's delay")
        #expect(failures().allSatisfy { $0.level == .error && $0.metadata["inbox.dir"] == setup.inbox.root })
        #expect(setup.files("new") == ["1.R.host"], "the message waits in new/")

        try fault.clear(in: setup)
        try await Self.wait(for: "the message filed") { setup.files("cur") == ["1.R.host:2,"] }
        #expect(setup.files("new").isEmpty)
        #expect(try setup.harness.daemon.store.inbound().count == 1)
        #expect(try setup.harness.daemon.store.answers().map(\.answer) == [.declined])
        running.cancel()
        try await running.value
    }

    /// A service cancelled (not shut down gracefully) while its inbox fails ends, rather
    /// than trying again at once for ever.
    @Test(.timeLimit(.minutes(2))) func aCancelledServiceEndsWhileTheInboxFails() async throws {
        let setup = try await InboxTests.Setup()
        try Fault.curIsNotAFolder.make(in: setup)
        try setup.deliver(setup.reply(from: "north@example.org", partStat: "ACCEPTED", id: "r2@example.org"), name: "2.R.host")
        await setup.harness.daemon.markReady(listener: "test")
        let service = InboxService(
            daemon: setup.harness.daemon, inbox: setup.inbox, watcher: try DirectoryWatcher(path: setup.inbox.root + "/new"),
            retryPolicy: RetryPolicy(first: 30, limit: 30))
        let ended = Flag()
        let running = Task {
            try? await service.run()
            ended.raise()
        }
        try await Self.wait(for: "a failed pass") {
            setup.harness.log.all.contains { $0.message.hasPrefix("cannot file a message from the inbox") }
        }
        running.cancel()
        let stopped = (try? await Self.wait(for: "the service to end", timeout: .seconds(20)) { ended.isRaised }) != nil
        let passes = setup.harness.log.all.count { $0.message.hasPrefix("cannot file a message from the inbox") }
        #expect(stopped && passes <= 2, "\(passes) failed passes after the cancellation")
        // A service that failed to end ends once the inbox works, so the other tests go on.
        if !stopped { try Fault.curIsNotAFolder.clear(in: setup) }
        await running.value
    }

    final class Flag: Sendable {
        private let raised = Mutex(false)
        func raise() { raised.withLock { $0 = true } }
        var isRaised: Bool { raised.withLock { $0 } }
    }

    struct TimedOut: Error {
        let what: String
    }

    static func wait(
        for what: String, timeout: Duration = .seconds(40), until condition: () throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
