import Glibc

/// Runs `body(0..<count)` on up to `threads` threads of its own and returns when all
/// are done. For work that blocks in system calls (fsync), which must not hold the
/// Swift concurrency pool's few threads, and for long computations (trying every slot
/// a series could have) that would.
public enum ConcurrentWork {
    /// The processors online: as many threads as long computations use.
    public static let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    public static func run(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1, threads > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        let workers = min(threads, count)
        var started: [pthread_t] = []
        for worker in 0..<workers {
            let context = Unmanaged.passRetained(
                Work {
                    for index in stride(from: worker, to: count, by: workers) { body(index) }
                }
            ).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                    return nil
                }, context)
            if result == 0 {
                started.append(thread)
            } else {
                // No thread to be had (the process's limit): this share is done here instead.
                Unmanaged<Work>.fromOpaque(context).takeRetainedValue().run()
            }
        }
        for thread in started { pthread_join(thread, nil) }
    }

    private final class Work: Sendable {
        let run: @Sendable () -> Void

        init(_ run: @escaping @Sendable () -> Void) {
            self.run = run
        }
    }
}
