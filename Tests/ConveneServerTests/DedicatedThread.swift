import Foundation

/// Blocking work (waiting for a child process, a blocking `read`) done on a thread of its
/// own. On the shared pools (Swift's cooperative pool and Dispatch's, the same workers on
/// Linux) it would starve the server's handlers until Dispatch adds a thread a second
/// later, or for good on a two-core machine.
enum DedicatedThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
