import CSystemd
import Glibc

/// Wakes whoever waits on `changes` when a file arrives in a folder: inotify(7), for the
/// inbox's `new/`, into which an MTA renames each message it delivers (or links it, or
/// writes it in place). Never polls. One thread blocks in `read(2)` on the descriptor.
public final class DirectoryWatcher: Sendable {
    /// One element per batch of arrivals; arrivals not yet taken merge into one.
    public let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(path: String) throws {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatcherError(reason: "inotify_init1: \(String(cString: strerror(errno)))") }
        let mask = UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_CLOSE_WRITE)
        guard inotify_add_watch(descriptor, path, mask) >= 0 else {
            let reason = "inotify_add_watch \(path): \(String(cString: strerror(errno)))"
            close(descriptor)
            throw WatcherError(reason: reason)
        }
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let continuation = self.continuation
        DetachedThread.start {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    continuation.yield()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    continuation.finish()
                    close(descriptor)
                    return
                }
            }
        }
    }
}

public struct WatcherError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
