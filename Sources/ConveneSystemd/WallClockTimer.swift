import CSystemd
import FoundationEssentials
import Glibc

/// Wakes the daemon's loop at a wall-clock time, with a Linux timerfd on CLOCK_REALTIME
/// armed with TFD_TIMER_CANCEL_ON_SET: it fires at the time itself (not after an
/// interval, so suspend and clock corrections do not delay it) and also fires when
/// someone sets the clock, so a jump forward or back is noticed at once, never by polling.
///
/// One thread blocks in `read(2)` on the descriptor and turns each expiry into an
/// element of `wakes`; `arm(at:)` may be called from anywhere, any number of times.
public final class WallClockTimer: WakeTimer {
    /// One element per expiry or clock change. The timer lives as long as the process
    /// (one descriptor and one thread), as the daemon's work loop does.
    public let wakes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let descriptor: Int32

    public init() throws {
        descriptor = timerfd_create(CLOCK_REALTIME, Int32(TFD_CLOEXEC))
        guard descriptor >= 0 else {
            throw WallClockTimerError(reason: "timerfd_create: \(String(cString: strerror(errno)))")
        }
        (wakes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let descriptor = self.descriptor
        let continuation = self.continuation
        DetachedThread.start {
            var expirations: UInt64 = 0
            while true {
                let count = read(descriptor, &expirations, MemoryLayout<UInt64>.size)
                if count == MemoryLayout<UInt64>.size || (count < 0 && errno == ECANCELED) {
                    continuation.yield()
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    continuation.finish()
                    return
                }
            }
        }
    }

    /// Fires at `date` (at once if it has passed), or earlier if the clock is set.
    public func arm(at date: Date) {
        // An all-zero value would disarm the timer; a time before 1970 is rejected (EINVAL).
        let seconds = max(date.timeIntervalSince1970, 0)
        var value = itimerspec()
        value.it_value.tv_sec = Int(seconds.rounded(.down))
        value.it_value.tv_nsec = Int((seconds - seconds.rounded(.down)) * 1_000_000_000)
        if value.it_value.tv_sec == 0 && value.it_value.tv_nsec == 0 { value.it_value.tv_nsec = 1 }
        _ = timerfd_settime(descriptor, Int32(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET), &value, nil)
    }

    /// Wakes the loop now (a reload or a coordinator's change).
    public func fire() {
        continuation.yield()
    }
}

/// What wakes the daemon's work loop: an armed time having come, the clock being set,
/// or a poke. `WallClockTimer` is the real one; `TestClock` runs on a clock a test sets.
public protocol WakeTimer: Sendable {
    /// One element per wake; a wake that is not taken before the next one merges with it.
    var wakes: AsyncStream<Void> { get }
    /// Wake at `date` (at once if it has passed), or earlier if the clock is set.
    func arm(at date: Date)
    /// Wake now.
    func fire()
}

/// The timer could not be created.
public struct WallClockTimerError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
