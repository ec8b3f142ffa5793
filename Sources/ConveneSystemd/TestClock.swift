import CSystemd
import ConveneCore
import FoundationEssentials
import Glibc
import Synchronization

/// A clock a test sets, for the daemon's chaos, clock-jump and soak runs: the time comes
/// from a file holding an RFC 3339 instant and, optionally, a rate:
///
///     2027-03-01T08:00:00Z          the clock reads 08:00 now and then runs as usual
///     2027-03-01T08:00:00Z x600     … and runs 600 times as fast (ten minutes a second)
///
/// Writing the file sets the clock there and then, forward or back, as `date -s` sets
/// the real one: the file's folder is watched with inotify and the loop wakes, as
/// TFD_TIMER_CANCEL_ON_SET wakes it for the real clock. Armed times run on
/// CLOCK_MONOTONIC scaled by the rate, so an accelerated month passes in minutes and
/// nothing ever polls.
public final class TestClock: WakeTimer {
    /// What the file says.
    public struct Setting: Sendable, Equatable {
        public var instant: Date
        public var rate: Double

        public init(instant: Date, rate: Double = 1) {
            self.instant = instant
            self.rate = rate
        }

        /// `<RFC 3339 instant> [x<rate>]`.
        public init(parsing text: String) throws(TestClockError) {
            let words = text.split(whereSeparator: \.isWhitespace)
            // RFC 3339 to the second, as ISO8601DateFormatter read it: no fraction.
            guard (1...2).contains(words.count), !words[0].contains("."),
                let instant = try? Date.ISO8601FormatStyle().parse(String(words[0]))
            else {
                throw TestClockError(
                    reason: "expected an RFC 3339 instant such as 2027-03-01T08:00:00Z, "
                        + "optionally followed by a rate such as x600; found \"\(text.prefix(80))\"")
            }
            var rate = 1.0
            if words.count == 2 {
                guard words[1].first == "x", let value = Double(words[1].dropFirst()), value > 0, value.isFinite else {
                    throw TestClockError(
                        reason: "the rate must be x followed by a positive number, such as x600; found \"\(words[1])\"")
                }
                rate = value
            }
            self.init(instant: instant, rate: rate)
        }
    }

    /// The setting in force and the monotonic time it was read at.
    private struct Anchor {
        var wall: Double
        var monotonic: Double
        var rate: Double
    }

    public let path: String
    public let wakes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let anchor: Mutex<Anchor>
    private let timerDescriptor: Int32

    /// Reads `path` and starts watching it. `onError` hears of a later write the clock
    /// could not read (the clock then keeps its time).
    public init(path: String, onError: @escaping @Sendable (String) -> Void = { _ in }) throws(TestClockError) {
        self.path = path
        let setting = try Self.setting(in: path)
        anchor = Mutex(Anchor(wall: setting.instant.timeIntervalSince1970, monotonic: Self.monotonicNow(), rate: setting.rate))
        timerDescriptor = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC))
        let watchDescriptor = inotify_init1(Int32(IN_CLOEXEC))
        let (folder, name) = Self.folderAndName(path)
        guard timerDescriptor >= 0, watchDescriptor >= 0,
            inotify_add_watch(watchDescriptor, folder, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0
        else {
            throw TestClockError(reason: "cannot watch \(path): \(String(cString: strerror(errno)))")
        }
        (wakes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        DetachedThread.start { [self] in
            watch(inotify: watchDescriptor, name: name, onError: onError)
        }
    }

    /// The clock's time now.
    public func now() -> Date {
        let monotonic = Self.monotonicNow()
        return anchor.withLock { Date(timeIntervalSince1970: $0.wall + (monotonic - $0.monotonic) * $0.rate) }
    }

    public func arm(at date: Date) {
        let target = anchor.withLock { $0.monotonic + (date.timeIntervalSince1970 - $0.wall) / $0.rate }
        // At least 1 ns: an all-zero value would disarm the timer; a time passed fires at once.
        let seconds = max(target, 1e-9)
        var value = itimerspec()
        value.it_value.tv_sec = Int(seconds.rounded(.down))
        value.it_value.tv_nsec = max(Int((seconds - seconds.rounded(.down)) * 1_000_000_000), 1)
        _ = timerfd_settime(timerDescriptor, Int32(TFD_TIMER_ABSTIME), &value, nil)
    }

    public func fire() {
        continuation.yield()
    }

    /// One thread for good: waits on the timer and on the folder, waking the loop for
    /// an expiry and for a new setting.
    private func watch(inotify: Int32, name: String, onError: @Sendable (String) -> Void) {
        var descriptors = [
            pollfd(fd: timerDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            guard poll(&descriptors, 2, -1) >= 0 || errno == EINTR else {
                continuation.finish()
                return
            }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                var expirations: UInt64 = 0
                if read(timerDescriptor, &expirations, MemoryLayout<UInt64>.size) == MemoryLayout<UInt64>.size {
                    continuation.yield()
                }
            }
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                guard count > 0, Self.names(in: buffer.prefix(count)).contains(name) else { continue }
                do {
                    let setting = try Self.setting(in: path)
                    let monotonic = Self.monotonicNow()
                    anchor.withLock {
                        $0 = Anchor(wall: setting.instant.timeIntervalSince1970, monotonic: monotonic, rate: setting.rate)
                    }
                    continuation.yield()
                } catch {
                    onError("\(path): \(error.reason); the test clock keeps its time")
                }
            }
        }
    }

    /// The file names in a buffer of `struct inotify_event`s.
    private static func names(in events: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = events.startIndex
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= events.endIndex {
            let length = events[offset + 12..<offset + 16].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
            let bytes = events[offset + header..<min(offset + header + length, events.endIndex)].prefix { $0 != 0 }
            names.append(String(decoding: bytes, as: UTF8.self))
            offset += header + length
        }
        return names
    }

    private static func setting(in path: String) throws(TestClockError) -> Setting {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw TestClockError(reason: "cannot read the test clock file \(path)")
        }
        return try Setting(parsing: text.trimmingSpacesAndNewlines())
    }

    /// The folder to watch and the file's name in it: `a/b/clock` is `clock` in `a/b`, a
    /// bare name is in `.`, a name at the root in `/`. Runs of slashes are as good as one
    /// to inotify.
    private static func folderAndName(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = path[..<slash].isEmpty ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }

    private static func monotonicNow() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
    }
}

/// The test clock's file is missing or unreadable.
public struct TestClockError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
