import ConveneCore
import ConveneTestSupport
import Foundation
import Synchronization
import Testing

@testable import ConveneStore

/// The control socket reads the ledger while the scheduler writes it: in WAL mode
/// readers see whole transactions and never fail for the writer's sake.
@Suite struct StoreConcurrencyTests {
    typealias F = LedgerFixtures

    /// What the threads report back to the test.
    final class Observations: Sendable {
        let writerDone = Atomic<Bool>(false)
        let problems = Mutex<[String]>([])
        let reads = Atomic<Int>(0)

        func note(_ problem: String) { problems.withLock { $0.append(problem) } }
    }

    /// Runs each body on its own thread, all at once, and waits for them all: real
    /// threads rather than tasks, so that a blocking reader cannot hold up the writer
    /// on a two-core machine's cooperative pool.
    private func onThreads(_ bodies: [@Sendable () -> Void]) {
        let group = DispatchGroup()
        for body in bodies {
            group.enter()
            Thread {
                body()
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test func readersWhileWritingSeeWholeTransactionsAndDoNotFail() throws {
        let directory = try TemporaryDirectory(prefix: "convene-store")
        let store = try Store.open(path: directory.storePath)
        // A second pool on the same file, as another process would have.
        let other = try Store.open(path: directory.storePath)
        let notifications = (1...150).map { F.notification(.reminder, lead: "PT\($0)M") }
        let seen = Observations()

        let writer: @Sendable () -> Void = {
            defer { seen.writerDone.store(true, ordering: .releasing) }
            do {
                for (index, notification) in notifications.enumerated() {
                    try store.commit(notification, fileName: "\(index).eml", writtenAt: index)
                    try store.markDone(notification.id)
                }
            } catch {
                seen.note("writer: \(error)")
            }
        }
        let reader: @Sendable (Store, String) -> Void = { store, name in
            var last = 0
            var rounds = 0
            // Reads at least a few times, and on until the writer is done (bounded all the same).
            while rounds < 5 || (!seen.writerDone.load(ordering: .acquiring) && rounds < 100_000) {
                rounds += 1
                do {
                    let rows = try store.notifications()
                    // The writer commits, then marks done: one snapshot never holds two pending.
                    if rows.count(where: { $0.state == .committed }) > 1 { seen.note("\(name): two committed at once") }
                    if rows.count < last { seen.note("\(name): went back from \(last) to \(rows.count) rows") }
                    last = rows.count
                    _ = try store.history()
                    _ = try store.committedNotDone()
                } catch {
                    seen.note("\(name): \(error)")
                    return
                }
            }
            seen.reads.add(rounds, ordering: .relaxed)
        }
        onThreads([writer] + (1...3).map { n in { reader(store, "reader \(n)") } } + [{ reader(other, "other") }])

        #expect(seen.problems.withLock { $0 } == [])
        #expect(seen.reads.load(ordering: .relaxed) >= 20)
        #expect(try store.notifications().count == notifications.count)
        #expect(try other.committedNotDone().isEmpty)
        #expect(try other.history().count == notifications.count)
    }
}
