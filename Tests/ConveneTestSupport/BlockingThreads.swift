import Dispatch
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A trait for suites whose tests hold their thread for seconds: waiting for a child
/// process (curl, convenectl, dpkg, lintian, a chroot), sleeping between polls of
/// systemd, killing and restarting a program in a loop, or computing national years.
///
/// Swift Testing runs every test at once on Swift's concurrency pool, which has one
/// thread per core. Two tests blocked in `waitpid` there held both threads of a 2-core
/// machine for as long as `lintian` or a chroot's install ran, and every other test in
/// the run stood still: a test waiting 20 seconds for the daemon's next step saw
/// nothing, though the step needed a few milliseconds of the pool. With this trait each
/// case of the suite runs on `BlockingThreads`, whose threads are added as others block,
/// and the pool stays free for the tests that only await.
///
/// Those cases run two per core at most (`BlockingThreads.turns`): each starts daemons,
/// Python or dpkg, and with a hundred at once a daemon's suggestions (worked out at
/// nice 10) did not come within curl's 20 seconds. A case waiting for its turn holds
/// no thread; the wait counts towards its `.timeLimit`.
public struct RunsOnBlockingThreads: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await BlockingThreads.turns.acquire()
        defer { BlockingThreads.turns.release() }
        try await withTaskExecutorPreference(BlockingThreads.shared) { try await function() }
    }
}

extension Trait where Self == RunsOnBlockingThreads {
    /// Each case runs on `BlockingThreads`, off Swift's concurrency pool.
    public static var runsOnBlockingThreads: Self { RunsOnBlockingThreads() }
}

/// A task executor with a thread for every job that finds none free: a job waits for a
/// thread only while one is being started, never for another job to stop blocking.
/// Threads are kept once started: a run needs as many as its tasks block at once.
///
/// Not a Dispatch queue: a concurrent queue is served by the same threads as Swift's
/// concurrency pool, and Dispatch adds one there only about a second after it sees the
/// others blocked.
public final class BlockingThreads: TaskExecutor {
    public static let shared = BlockingThreads()
    /// Turns for the cases that run here: two per core.
    public static let turns = Turns(2 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    private struct Pending {
        var jobs: [UnownedJob] = []
        /// Threads waiting on `wake` for a job.
        var idle = 0
    }

    private let pending = Mutex(Pending())
    private let threads = Mutex<Set<pthread_t>>([])
    private let wake = DispatchSemaphore(value: 0)

    private init() {}

    /// Whether the caller runs on one of these threads.
    public static var isCurrent: Bool { shared.threads.withLock { $0.contains(pthread_self()) } }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wakesOne = pending.withLock { pending in
            pending.jobs.append(job)
            guard pending.idle > 0 else { return false }
            pending.idle -= 1
            return true
        }
        if wakesOne { wake.signal() } else { startThread() }
    }

    private func serve() -> Never {
        _ = threads.withLock { $0.insert(pthread_self()) }
        let executor = asUnownedTaskExecutor()
        while true {
            let job = pending.withLock { pending -> UnownedJob? in
                if pending.jobs.isEmpty {
                    pending.idle += 1
                    return nil
                }
                return pending.jobs.removeFirst()
            }
            if let job { job.runSynchronously(on: executor) } else { wake.wait() }
        }
    }

    private func startThread() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in Unmanaged<BlockingThreads>.fromOpaque(context!).takeRetainedValue().serve() },
            context)
        precondition(started == 0, "cannot start a test thread: \(String(cString: strerror(started)))")
        pthread_detach(thread)
    }
}

/// A counting semaphore for tasks: `acquire` waits, holding no thread, until one of
/// `count` turns is free; turns go in the order they were asked for. A task cancelled
/// while it waits stops waiting (with `CancellationError`).
public final class Turns: Sendable {
    private struct State {
        var free: Int
        var waiting: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
        /// Tasks cancelled before they were queued.
        var cancelled: Set<Int> = []
    }

    private let state: Mutex<State>

    public init(_ count: Int) {
        state = Mutex(State(free: count))
    }

    public func acquire() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let now: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    guard state.free == 0 else {
                        state.free -= 1
                        return .success(())
                    }
                    state.waiting.append((id, continuation))
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.waiting.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// How many tasks wait for a turn.
    public var waiting: Int { state.withLock { $0.waiting.count } }

    /// Hands a turn to the longest waiting task, or frees it.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume()
    }
}
