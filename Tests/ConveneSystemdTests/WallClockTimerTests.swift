import ConveneSystemd
import Foundation
import Testing

/// The timer wakes the daemon's loop at the wall-clock time it is armed for, not before,
/// at once when that time has passed, and at once when the loop is poked with `fire()`.
/// Waiting is bounded by a generous deadline; the assertions are about order, not speed.
@Suite struct WallClockTimerTests {
    /// How long a wake that is due may take to arrive before the test gives up on it.
    static let patience: Duration = .seconds(5)

    @Test func anArmedTimerWakesOnceItsTimeHasCome() async throws {
        let timer = try WallClockTimer()
        let due = Date() + 0.2
        timer.arm(at: due)
        let woke = try #require(await nextWake(of: timer, patience: Self.patience), "no wake within \(Self.patience)")
        #expect(woke >= due)
    }

    @Test func firingWakesTheLoopAtOnce() async throws {
        let timer = try WallClockTimer()
        timer.arm(at: Date() + 3600)
        timer.fire()
        #expect(await nextWake(of: timer, patience: Self.patience) != nil)
    }

    @Test(arguments: [-60, -0.5] as [TimeInterval])
    func armingForATimeThatHasPassedWakesAtOnce(offset: TimeInterval) async throws {
        let timer = try WallClockTimer()
        timer.arm(at: Date() + offset)
        #expect(await nextWake(of: timer, patience: Self.patience) != nil)
    }

    @Test func armingAgainReplacesTheEarlierTime() async throws {
        let timer = try WallClockTimer()
        timer.arm(at: Date() + 0.1)
        let due = Date() + 0.3
        timer.arm(at: due)
        let woke = try #require(await nextWake(of: timer, patience: Self.patience), "no wake within \(Self.patience)")
        #expect(woke >= due)
    }
}
