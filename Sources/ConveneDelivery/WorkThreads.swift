import Dispatch
import Glibc
import Synchronization

/// Threads of their own for the daemon's long synchronous work: planning a national
/// window, rendering and syncing a batch of messages, reading the inbox.
///
/// Swift's concurrency pool has one thread per core, and the control socket's answers
/// are worked out on it: a batch that held one of those threads for half a second held
/// up every read queued behind it (the soak's status answers waited up to 137 ms). Work
/// sent here runs on these threads, a little below normal priority (nice 5), so the
/// kernel gives a read its turn within a time slice and a coordinator's answer comes
/// before a message that is due within the minute.
public final class WorkThreads: Sendable {
    /// The daemon's, one per core, started when first used.
    public static let shared = WorkThreads(count: max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), nice: 5)
    /// One thread for slot suggestions, lower still (nice 10): they take a moment of
    /// every core each, so they run one at a time, and a request that waited behind the
    /// same one finds its answer kept. Started when first used.
    public static let suggestions = WorkThreads(count: 1, nice: 10)
    /// Two threads for what is handed to the MTA: a hand-off pass (which runs its
    /// sendmails on threads of its own) and the inbox's forwarding, each one at a time.
    /// A sendmail that hangs until its time limit holds up no planning, writing, inbox
    /// pass, or the other of the two. Started when first used.
    public static let mail = WorkThreads(count: 2, nice: 5)

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)

    private init(count: Int, nice: Int32) {
        for _ in 0..<count {
            let context = Unmanaged.passRetained(Start(threads: self, nice: nice)).toOpaque()
            var thread = pthread_t()
            let started = pthread_create(
                &thread, nil,
                { context in
                    let start = Unmanaged<Start>.fromOpaque(context!).takeRetainedValue()
                    // Only this thread (0: the caller): on Linux a thread has a nice value of its own.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, start.nice)
                    start.threads.serve()
                }, context)
            precondition(started == 0, "cannot start a work thread: \(String(cString: strerror(started)))")
            pthread_detach(thread)
        }
    }

    /// `body`'s result, worked out on one of these threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// As `run`, for work that cannot fail.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        waiting.signal()
    }

    private func serve() -> Never {
        while true {
            waiting.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }

    private final class Start: Sendable {
        let threads: WorkThreads
        let nice: Int32

        init(threads: WorkThreads, nice: Int32) {
            self.threads = threads
            self.nice = nice
        }
    }
}
