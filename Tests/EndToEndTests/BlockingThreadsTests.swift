import ConveneTestSupport
import Dispatch
import Glibc
import Testing

/// The executor the suites that block their threads run on: a test with the trait runs
/// there, not on Swift's concurrency pool, and tasks blocked together there, more of
/// them than the machine has cores, do not hold each other up.
@Suite(.runsOnBlockingThreads) struct BlockingThreadsTests {
    @Test func aTestWithTheTraitRunsOnTheBlockingThreads() async {
        #expect(BlockingThreads.isCurrent)
        await Task.yield()
        #expect(BlockingThreads.isCurrent, "after a suspension too")
    }

    @Test func tasksBlockedTogetherEachGetAThread() async {
        // Each task blocks its thread until every one of them has arrived: with a thread
        // for each only while others are free, the last would never come, and with a
        // thread added a second after the others are seen blocked (Dispatch's way), not
        // within the five seconds.
        let count = 4 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 2
        let arrived = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let met = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<count {
                group.addTask {
                    arrived.signal()
                    return released.wait(timeout: .now() + 5) == .success
                }
            }
            group.addTask {
                for _ in 0..<count where arrived.wait(timeout: .now() + 5) != .success { return false }
                for _ in 0..<count { released.signal() }
                return true
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(met == count + 1, "\(count + 1 - met) of \(count + 1) tasks timed out waiting for the others")
    }
}

@Suite struct WithoutTheTraitTests {
    @Test func aTestWithoutTheTraitRunsOnTheConcurrencyPool() {
        #expect(!BlockingThreads.isCurrent)
    }
}

/// The turns the blocking suites' cases take: no more at once than there are turns,
/// handed on in the order asked for, and a cancelled wait takes none.
@Suite(.timeLimit(.minutes(1))) struct TurnsTests {
    /// Who has taken a turn, in order.
    actor Taken {
        var names: [String] = []
        func add(_ name: String) { names.append(name) }
    }

    @Test func aTurnIsWaitedForAndHandedOnInTheOrderAskedFor() async throws {
        let turns = Turns(1)
        let taken = Taken()
        try await turns.acquire()
        var waiters: [Task<Void, any Error>] = []
        for number in 1...3 {
            waiters.append(
                Task {
                    try await turns.acquire()
                    await taken.add("waiter \(number)")
                    turns.release()
                })
            // The next is started only once this one waits, so they ask in order.
            while turns.waiting < number { await Task.yield() }
        }
        #expect(await taken.names.isEmpty, "no waiter gets the one turn while it is held")
        turns.release()
        for waiter in waiters { try await waiter.value }
        #expect(await taken.names == ["waiter 1", "waiter 2", "waiter 3"])
    }

    @Test func aCancelledWaitEndsAndTakesNoTurn() async throws {
        let turns = Turns(1)
        try await turns.acquire()
        let cancelled = Task { try await turns.acquire() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        turns.release()
        // The one turn is free again: taken at once, not by the cancelled task.
        try await turns.acquire()
        turns.release()
    }
}
