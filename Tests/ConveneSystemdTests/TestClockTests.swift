import ConveneSystemd
import ConveneTestSupport
import Foundation
import Testing

/// The test clock reads its time from a file, runs at the rate the file gives, wakes the
/// loop when the file is written (a jump, forward or back) and when an armed time comes
/// on its own scaled time line. Waits are bounded by a deadline; assertions are about
/// what the clock reads and whether a wake came, not how fast.
@Suite struct TestClockTests {
    static let patience: Duration = .seconds(5)
    static let march = Date(timeIntervalSince1970: 1_803_888_000)  // 2027-03-01T08:00:00Z

    private func clock(_ text: String, in folder: TemporaryDirectory) throws -> TestClock {
        let file = folder.path + "/clock"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try TestClock(path: file)
    }

    @Test func theFileSaysWhatTimeItIs() throws {
        let folder = try TemporaryDirectory(prefix: "clock")
        let clock = try clock("2027-03-01T08:00:00Z\n", in: folder)
        let now = clock.now().timeIntervalSince(Self.march)
        #expect(now >= 0 && now < 5, "read \(clock.now())")
    }

    @Test func anOffsetInstantIsTheSameMoment() throws {
        let setting = try TestClock.Setting(parsing: "2027-03-01T09:00:00+01:00 x600")
        #expect(setting == TestClock.Setting(instant: Self.march, rate: 600))
    }

    @Test(arguments: [
        "", "tomorrow", "2027-03-01", "2027-03-01T08:00:00Z x0", "2027-03-01T08:00:00Z 600",
        "2027-03-01T08:00:00Z x-5", "2027-03-01T08:00:00Z xinf", "2027-03-01T08:00:00Z x2 extra",
        "2027-03-01T08:00:00.5Z", "2027-03-01T08:00:00",
    ])
    func aSettingItCannotReadIsRefusedWithWhatWasExpected(text: String) {
        do {
            _ = try TestClock.Setting(parsing: text)
            Issue.record("\"\(text)\" was accepted")
        } catch {
            #expect(error.reason.contains("expected") || error.reason.contains("must be"), "\(error.reason)")
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: TestClockError.self) { try TestClock(path: "/nonexistent/clock") }
    }

    @Test func anAcceleratedClockRunsFaster() throws {
        let folder = try TemporaryDirectory(prefix: "clock")
        let clock = try clock("2027-03-01T08:00:00Z x3600", in: folder)
        let first = clock.now()
        let realStart = Date()
        while Date().timeIntervalSince(realStart) < 0.05 {}
        let simulated = clock.now().timeIntervalSince(first)
        let real = Date().timeIntervalSince(realStart)
        #expect(simulated >= 0.05 * 3600 * 0.99, "\(simulated) s simulated in \(real) s")
        #expect(simulated <= real * 3600 * 1.01)
    }

    @Test func writingTheFileSetsTheClockAndWakesTheLoop() async throws {
        let folder = try TemporaryDirectory(prefix: "clock")
        let clock = try clock("2027-03-01T08:00:00Z", in: folder)
        clock.arm(at: Self.march + 86_400)
        try "2026-12-25T12:00:00Z".write(toFile: clock.path, atomically: true, encoding: .utf8)
        #expect(await nextWake(of: clock, patience: Self.patience) != nil, "no wake after the clock went back")
        let back = clock.now().timeIntervalSince(Self.march)
        #expect(back < -60 * 86_400 && back > -70 * 86_400, "read \(clock.now())")
    }

    @Test func anArmedTimeWakesOnTheScaledTimeLine() async throws {
        let folder = try TemporaryDirectory(prefix: "clock")
        let clock = try clock("2027-03-01T08:00:00Z x36000", in: folder)
        // Ten simulated hours are one real second at this rate.
        let due = clock.now() + 36_000
        clock.arm(at: due)
        #expect(await nextWake(of: clock, patience: Self.patience) != nil, "no wake within \(Self.patience)")
        #expect(clock.now() >= due)
    }

    @Test func aFileItCannotReadLaterKeepsTheTimeAndSaysWhy() async throws {
        let folder = try TemporaryDirectory(prefix: "clock")
        let file = folder.path + "/clock"
        try "2027-03-01T08:00:00Z".write(toFile: file, atomically: true, encoding: .utf8)
        let (problems, reported) = AsyncStream.makeStream(of: String.self)
        let created = Date()
        let clock = try TestClock(path: file) { reported.yield($0) }
        try "half past nine".write(toFile: file, atomically: true, encoding: .utf8)
        var iterator = problems.makeAsyncIterator()
        let problem = await iterator.next()
        #expect(problem?.contains("half past nine") == true, "\(problem ?? "nothing reported")")
        // Still running on from 08:00 at the real rate, however long the report took.
        let ran = clock.now().timeIntervalSince(Self.march)
        #expect(ran >= 0 && ran <= Date().timeIntervalSince(created) + 1, "\(ran) s")
    }
}
