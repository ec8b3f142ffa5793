import Foundation
import Testing

@testable import ConveneDaemon

/// `ExecutableCode` on this very process (the test runner, whose code is in its
/// executable): it finds the executable's code mappings, letting go of them empties them
/// out of the resident set, and the code then runs on, mapped again as it is reached.
@Suite struct ExecutableCodeTests {
    /// Resident KiB of the executable's `r-xp` mappings, from /proc/self/smaps.
    static func residentCodeKiB() throws -> Int {
        let starts = Set(ExecutableCode.mappings.map { String($0.start, radix: 16) })
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var inCode = false
        var total = 0
        for line in smaps.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), line.first?.isHexDigit == true, !line.hasSuffix(" kB") {
                inCode = starts.contains(String(line[..<dash]))
            } else if inCode, line.hasPrefix("Rss:") {
                total += Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
            }
        }
        return total
    }

    @Test func lettingGoOfTheCodeEmptiesItsResidentPagesAndTheCodeRunsOn() throws {
        #expect(!ExecutableCode.mappings.isEmpty, "the test runner's code is in its executable")
        let before = try Self.residentCodeKiB()
        #expect(before > 1024, "running the tests has mapped more than a MiB of their code: \(before) KiB")

        ExecutableCode.release()
        let after = try Self.residentCodeKiB()

        #expect(after < before / 2, "\(before) KiB before, \(after) KiB after")
        // The code goes on working: this decoder, last run before the release, runs again.
        let decoded = try JSONDecoder().decode([String: Int].self, from: Data(#"{"forums":24}"#.utf8))
        #expect(decoded == ["forums": 24])
    }

    /// Every daemon in a process shares its heap and its executable, so however many ask,
    /// a trim starts at most once every 30 seconds in the process.
    @Test func aTrimStartsAtMostOnceEveryThirtySecondsInTheProcess() {
        // Far ahead of whatever the other tests' daemons started, so the first is due.
        let start = ContinuousClock.now + .seconds(3600)
        #expect(MemoryTrim.startIfDue(now: start))
        #expect(!MemoryTrim.startIfDue(now: start), "a second daemon asking at the same moment")
        #expect(!MemoryTrim.startIfDue(now: start + .seconds(29)))
        #expect(MemoryTrim.startIfDue(now: start + .seconds(30)))
        #expect(!MemoryTrim.startIfDue(now: start + .seconds(31)))
    }
}
