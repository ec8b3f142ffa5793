import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An MTA delivering into a Maildir at a steady pace, on a thread of its own: each
/// message written in `tmp/` and renamed into `new/`, under a name of its own
/// (`<seconds>.<counter>.kill.host`, so names sort in the order of delivery).
final class InboxFeeder: Sendable {
    let inbox: String
    let messages: [[UInt8]]
    /// Seconds between one delivery and the next.
    let interval: Double
    private let state = Mutex<(names: [String], failures: [String], finished: Bool)>(([], [], false))
    private let done = DispatchSemaphore(value: 0)

    init(inbox: String, messages: [[UInt8]], interval: Double) {
        self.inbox = inbox
        self.messages = messages
        self.interval = interval
    }

    func start() {
        Thread { [self] in
            run()
            done.signal()
        }.start()
    }

    /// Whether the last message has been delivered (or failed to be).
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Waits for the last delivery; the names given, in order, and any delivery that failed.
    func finish() -> (names: [String], failures: [String]) {
        done.wait()
        return state.withLock { ($0.names, $0.failures) }
    }

    private func run() {
        let start = Date()
        var seconds = 0
        for (index, message) in messages.enumerated() {
            // On a schedule, so a slow delivery does not slow the pace that follows it.
            let due = start.addingTimeInterval(Double(index) * interval).timeIntervalSinceNow
            if due > 0 { usleep(UInt32(due * 1_000_000)) }
            seconds = max(seconds, Int(Date().timeIntervalSince1970))
            let name = "\(seconds).\(String(repeating: "0", count: 4 - String(index).count) + String(index)).kill.host"
            do {
                try Self.deliver(message, name: name, into: inbox)
                state.withLock { $0.names.append(name) }
            } catch {
                state.withLock { $0.failures.append("\(name): \(error)") }
            }
        }
        state.withLock { $0.finished = true }
    }

    /// Writes `bytes` in `tmp/` and renames the file into `new/`, as an MTA delivers.
    static func deliver(_ bytes: [UInt8], name: String, into inbox: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: inbox + "/tmp/" + name))
        guard rename(inbox + "/tmp/" + name, inbox + "/new/" + name) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }
}

/// inotify(7) on one folder, set up before the event it waits for can happen; used once.
final class FolderEvents {
    private let descriptor: Int32

    /// Watches `folder` for `mask` (`IN_MOVED_TO`, `IN_MOVED_FROM`, …).
    init(_ folder: String, mask: UInt32) {
        let made = inotify_init1(Int32(IN_CLOEXEC))
        if made >= 0 && inotify_add_watch(made, folder, mask) < 0 {
            close(made)
            descriptor = -1
        } else {
            descriptor = made
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Waits up to `timeout` for the event (or one that came since `init`); false if none came.
    func wait(timeout: Duration) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return descriptor >= 0 && poll(&poller, 1, Int32(timeout.components.seconds * 1000)) > 0
    }
}
