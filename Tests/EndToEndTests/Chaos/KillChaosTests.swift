import ConveneCore
import ConveneTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Exactly once, under the real unit, with SIGKILL at random moments: the daemon on an
/// accelerated clock (six hours a second) has thousands of invitations and reminders
/// falling due while coordinators cancel and move meetings over the control socket;
/// it is killed 50 times (half at a random moment 0–600 ms after each restart is ready,
/// half the moment a message draft appears in a forum's tmp/) and
/// systemd restarts it each time. Then the clock is set to a quiet evening and the
/// daemon catches up. Every notification is then in its forum's spool exactly once,
/// nothing the planner says is due is missing, and every change the daemon accepted is
/// stored.
@Suite(.serialized, .runsOnBlockingThreads) struct KillChaosTests {
    static let kills = Int(ProcessInfo.processInfo.environment["CONVENE_CHAOS_KILLS"] ?? "") ?? 50
    static let forums = 40

    @Test func fiftyKillsWhileWritingAndTakingChangesLoseAndDuplicateNothing() throws {
        let clocked = try ClockedUnit(
            forums: Self.forums, clock: "2027-03-14T12:00:00Z", rate: 21_600,
            dropIn: "RestartSec=100ms\nLogRateLimitIntervalSec=0\n[Unit]\nStartLimitIntervalSec=0")
        defer { clocked.remove() }
        let unit = clocked.unit
        #expect(try unit.systemctl("start").status == 0)

        let traffic = ChangeTraffic(unit: unit, seed: 0x5EED)
        traffic.start()
        var random = SeededGenerator(seed: 0xC4A05)
        var killed: [Int32] = []
        while killed.count < Self.kills {
            var pid: Int32 = 0
            try SystemdUserManager.wait("convened running again after \(killed.count) kills", timeout: .seconds(60)) {
                pid = unit.mainPID
                let running = try unit.property("SubState") == "running"
                return pid != 0 && !killed.contains(pid) && running
            }
            if killed.count.isMultiple(of: 5) {
                // Now and then a life long enough for coordinators' changes to get through.
                let before = traffic.accepted
                try? SystemdUserManager.wait("a change accepted", timeout: .seconds(60)) { traffic.accepted > before }
            } else if killed.count.isMultiple(of: 2) {
                // A random moment: recovery, a round's writes, a change being stored, idle.
                usleep(UInt32.random(in: 0...600_000, using: &random))
            } else {
                // The moment a message draft appears: in the middle of a delivery.
                _ = clocked.waitForDraft(timeout: .seconds(1))
            }
            #expect(kill(pid, SIGKILL) == 0)
            killed.append(pid)
        }
        let changes = traffic.stop()
        try SystemdUserManager.wait("convened running after the last kill", timeout: .seconds(60)) {
            let pid = unit.mainPID
            let running = try unit.property("SubState") == "running"
            return pid != 0 && !killed.contains(pid) && running
        }
        #expect(Int(try unit.property("NRestarts")) ?? 0 >= Self.kills)

        // A quiet evening (19:00 UTC) at least a day past where the fast clock got to.
        let target = clocked.clockNow + 86_400
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let evening = utc.date(bySettingHour: 19, minute: 0, second: 0, of: target)!
        let formatter = ISO8601DateFormatter()
        try clocked.setClock(formatter.string(from: evening))
        try clocked.waitUntilSettled(timeout: .seconds(300))
        #expect(try unit.systemctl("stop").status == 0)

        let audit = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        audit.expectExactlyOnce()
        let accepted = changes.filter { $0.status == 200 }
        #expect(changes.allSatisfy { $0.status < 500 }, "server errors: \(changes.filter { $0.status >= 500 })")
        #expect(accepted.count >= 5, "too few changes got through to prove anything: \(changes.count) tried")
        let stored = Dictionary(audit.overrides.map { ($0.uid, $0.action) }, uniquingKeysWith: { _, last in last })
        for change in accepted {
            switch (change.action, stored[change.uid]) {
            case ("cancel", .cancel?): break
            case ("move", .move(let to, _)?): #expect(to.time.hour == change.hour, "\(change.uid) moved to \(to)")
            default:
                Issue.record(
                    "accepted \(change.action) of \(change.uid) is not stored (found \(String(describing: stored[change.uid])))")
            }
        }

        // Each start after a kill in the middle of a delivery says what it finished or removed.
        let interrupted = try unit.journal(["PRIORITY=5"]).count {
            $0["MESSAGE"]?.hasPrefix("finished deliveries interrupted") == true
        }
        let answers = Dictionary(grouping: changes, by: \.status).mapValues(\.count)
        print(
            """
            chaos: \(killed.count) SIGKILLs, \(interrupted) of them in the middle of a delivery (the next start \
            finished or removed what it left); \(audit.files.count) notifications in the spool, \
            \(audit.duplicates.count) duplicated, \(audit.stillDue.count) lost; \(changes.count) changes sent \
            (answers by HTTP status, 0 for none: \(answers.sorted { $0.key < $1.key })), \(accepted.count) accepted, \
            \(accepted.filter { stored[$0.uid] == nil }.count) of those lost
            """)
    }
}

/// Coordinators at work during the chaos: a thread cancelling and moving meetings of
/// 10 April–31 May (always still to come at the test's clock) over the control socket,
/// each occurrence at most once, until stopped; the daemon may be dead at any moment.
final class ChangeTraffic: Sendable {
    struct Change: Sendable, CustomStringConvertible {
        let uid: String
        let action: String
        /// For a move, the new start hour (one after the old one).
        let hour: Int
        /// The HTTP status, or 0 when the daemon was not there to answer.
        let status: Int
        var description: String { "\(action) \(uid): \(status)" }
    }

    let unit: UserUnit
    let seed: UInt64
    private let state = Mutex<(stopping: Bool, changes: [Change])>((false, []))
    private let finished = DispatchSemaphore(value: 0)

    init(unit: UserUnit, seed: UInt64) {
        self.unit = unit
        self.seed = seed
    }

    func start() {
        Thread { [self] in
            run()
            finished.signal()
        }.start()
    }

    /// Stops the thread and returns what it sent.
    func stop() -> [Change] {
        state.withLock { $0.stopping = true }
        finished.wait()
        return state.withLock { $0.changes }
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    /// How many changes the daemon has accepted so far.
    var accepted: Int { state.withLock { $0.changes.count { $0.status == 200 } } }

    /// The meetings of 10 April–31 May 2027, by UID (as the daemon makes them: series
    /// and date) and start; bank holidays among them answer 404 and count as refused.
    private var candidates: [(uid: String, date: String, hour: Int)] {
        var day = CivilDate(year: 2027, month: 4, day: 10)!
        var list: [(String, String, Int)] = []
        while day <= CivilDate(year: 2027, month: 5, day: 31)! {
            let digits = String(describing: day).replacingOccurrences(of: "-", with: "")
            for hour in ClockedUnit.hours {
                list.append(("check-in-\(hour)-\(digits)@example.org", "\(day)", Int(hour)!))
            }
            day = day.adding(days: 1)
        }
        return list
    }

    private func run() {
        var random = SeededGenerator(seed: seed)
        for (index, candidate) in candidates.shuffled(using: &random).enumerated() where !stopping {
            let action = index.isMultiple(of: 2) ? "cancel" : "move"
            let body =
                action == "cancel"
                ? #"{"reason":"chaos test"}"#
                : #"{"start":"\#(candidate.date)T\#(String(format: "%02d", candidate.hour + 1)):00","reason":"chaos test"}"#
            let status = post("/v1/occurrences/\(candidate.uid)/\(action)", body: body)
            state.withLock {
                $0.changes.append(Change(uid: candidate.uid, action: action, hour: candidate.hour + 1, status: status))
            }
            usleep(UInt32.random(in: 20_000...150_000, using: &random))
        }
    }

    private func post(_ path: String, body: String) -> Int {
        do {
            let result = try Subprocess.run(
                URL(fileURLWithPath: "/usr/bin/curl"),
                [
                    "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
                    "-H", "Content-Type: application/json", "-d", body,
                    "--unix-socket", unit.socketPath, "http://convened" + path,
                ])
            return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        } catch {
            return 0
        }
    }
}
