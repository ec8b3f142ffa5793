import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Exactly once, across crashes: `convene-bench burst` delivers 2,000 invitations
/// (100 forums × 20 meetings) into a Maildir spool and is killed with SIGKILL, then
/// started again, until it finishes: half the kills at random moments, half at a random
/// count of one step of delivery (after writing to tmp/, after the ledger commit, after
/// a rename, after the folder sync, after marking done), so every window is hit. Every
/// message must then be in its forum's `new/` exactly once, with nothing left in `tmp/`.
@Suite(.runsOnBlockingThreads) struct DeliveryCrashTests {
    static let forums = 100
    static let meetings = 20

    @Test func everyMessageIsInTheSpoolExactlyOnceAfterRepeatedKills() throws {
        let work = try TemporaryDirectory(prefix: "crash")
        let state = work.path + "/state"
        let spool = work.path + "/spool"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let arguments = [
            "burst", "--state", state, "--spool", spool, "--forums", "\(Self.forums)",
            "--meetings", "\(Self.meetings)", "--batch", "10",
        ]
        var random = SeededGenerator(seed: 0xC0FFEE)
        var kills = 0
        var finished = false
        var runs = 0
        while !finished, runs < 400 {
            runs += 1
            let process = Process()
            process.executableURL = RepositoryPaths.executable("convene-bench")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            var environment = ProcessInfo.processInfo.environment
            let atStep = kills < 40 && runs % 2 == 0
            if atStep {
                let step = ["staged", "committed", "published", "synced", "done"][(runs / 2) % 5]
                // Early in the run (the first to the fifth time the step is reached), so a
                // kill at a step moves the burst on by a few batches at most and there are
                // kills enough before it ends, however fast this machine delivers.
                environment["CONVENE_BURST_CRASH"] = "\(step):\(Int.random(in: 1...5, using: &random))"
            }
            process.environment = environment
            try process.run()
            if kills < 40, !atStep {
                // A random moment: part-way through recovery, rendering, a commit or a rename.
                usleep(UInt32.random(in: 20_000...250_000, using: &random))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            finished = process.terminationReason == .exit && process.terminationStatus == 0
            #expect(
                process.terminationReason == .uncaughtSignal || process.terminationStatus == 0,
                "run \(runs) failed with status \(process.terminationStatus)")
        }
        #expect(finished)
        #expect(kills >= 20, "only \(kills) kills landed; the burst finished too soon")

        var seen: [String: Int] = [:]
        for forum in 0..<Self.forums {
            let folder = "\(spool)/forum-\(forum)"
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").isEmpty, "tmp/ of forum-\(forum)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder + "/new") {
                let message = try String(contentsOfFile: folder + "/new/" + name, encoding: .utf8)
                let id = message.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }.map { String($0.dropFirst(12)) }
                seen[id ?? name, default: 0] += 1
            }
        }
        var expected: Set<String> = []
        for forum in 0..<Self.forums {
            for meeting in 0..<Self.meetings {
                let uid = "meeting-\(meeting)-202703\(String(format: "%02d", 1 + meeting % 28))@example.org"
                let id = Notification.identifier(
                    occurrence: uid, kind: .invitation, sequence: 0, lead: nil, forum: "forum-\(forum)")
                expected.insert("<\(id).forum-\(forum)@example.org>")
            }
        }
        let missing = expected.subtracting(seen.keys)
        let unexpected = Set(seen.keys).subtracting(expected)
        #expect(missing.isEmpty, "\(missing.count) missing, e.g. \(missing.sorted().prefix(3))")
        #expect(unexpected.isEmpty, "\(unexpected.count) unexpected, e.g. \(unexpected.sorted().prefix(3))")
        #expect(seen.values.allSatisfy { $0 == 1 }, "\(seen.filter { $0.value > 1 }.count) duplicated")
        #expect(seen.count == Self.forums * Self.meetings)
    }
}
