import Foundation

/// Runs `body(0..<count)` on up to `threads` threads of its own and returns when all
/// are done. For work that blocks in system calls (fsync), which must not hold the
/// Swift concurrency pool's few threads.
enum ConcurrentWork {
    static func run(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1, threads > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        let workers = min(threads, count)
        let group = DispatchGroup()
        for worker in 0..<workers {
            group.enter()
            let thread = Thread {
                for index in stride(from: worker, to: count, by: workers) { body(index) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
    }
}
