import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import Foundation
import Synchronization

/// `convene-bench burst --state DIR --spool DIR [--forums 100] [--meetings 20] [--batch 25]`:
/// delivers every invitation of a generated month (forums × meetings of them) into the
/// spool, in batches, after recovering from any earlier run. The crash test kills it at
/// random points and starts it again until it finishes; then every message must be in
/// the spool exactly once. `CONVENE_BURST_CRASH=<step>:<n>` makes it kill itself with
/// SIGKILL at the n-th time it passes that step (`Delivery.Checkpoint`), so each window
/// between writing, committing, renaming and syncing is hit on purpose.
struct DeliveryBurst {
    let options: Benchmark.Options

    /// One month (March 2027) with `meetings` series, each inviting all `forums` forums.
    static func configuration(forums: Int, meetings: Int) -> Configuration {
        let forumList = (0..<forums).map { n in
            Forum(
                id: "forum-\(n)", name: "Forum \(n)", district: "d",
                contacts: [Contact(name: "Secretary", email: "f\(n)@example.org")],
                availability: [])
        }
        let series = (0..<meetings).map { m in
            MeetingSeries(
                id: "meeting-\(m)", title: "Meeting \(m)",
                recurrence: Recurrence(
                    start: LocalDateTime(
                        date: CivilDate(year: 2027, month: 3, day: 1 + m % 28)!,
                        time: LocalTime(hour: 8 + m / 28, minute: 0)!),
                    rule: try! RecurrenceRule(parsing: "FREQ=MONTHLY;COUNT=1")),
                duration: ISODuration(seconds: 3600), venue: nil, online: "https://meet.example.org/\(m)",
                invited: forumList.map(\.id))
        }
        return Configuration(
            organisation: Organisation(
                name: "Burst", timeZone: ZoneRules(identifier: "Europe/London")!, region: .englandAndWales,
                organiser: Contact(name: "Participation", email: "participation@example.org")),
            districts: [District(id: "d", name: "District")], venues: [], forums: forumList, series: series)
    }

    /// Every notification due at `now` for March 2027's meetings of `configuration`.
    static func dueInMarch(_ configuration: Configuration) -> [ConveneCore.Notification] {
        let occurrences = Scheduler(configuration: configuration)
            .schedule(from: CivilDate(year: 2027, month: 3, day: 1)!, through: CivilDate(year: 2027, month: 3, day: 31)!)
            .occurrences
        return NotificationPlanner(configuration: configuration)
            .plan(occurrences: occurrences, history: [], horizon: now..<(now + 40 * 86_400), now: now).due
    }

    /// The checkpoint hook `CONVENE_BURST_CRASH` asks for, or one that does nothing.
    static func crashPoint() -> @Sendable (Delivery.Checkpoint) -> Void {
        guard let spec = ProcessInfo.processInfo.environment["CONVENE_BURST_CRASH"],
            let colon = spec.firstIndex(of: ":"), let step = Delivery.Checkpoint(rawValue: String(spec[..<colon])),
            let count = Int(spec[spec.index(after: colon)...])
        else { return { _ in } }
        let passed = Mutex(0)
        return { checkpoint in
            guard checkpoint == step else { return }
            if passed.withLock({
                $0 += 1
                return $0
            }) == count {
                kill(getpid(), SIGKILL)
            }
        }
    }

    /// 1 March 2027 00:00 UTC: after February's publication of March, before any meeting.
    static let now = CivilDate(year: 2027, month: 3, day: 1)!.dayNumber * 86_400

    func run() throws {
        guard let state = options.state, let spoolRoot = options.spool else { Benchmark.usage() }
        let configuration = Self.configuration(forums: options.forums, meetings: options.meetings)
        let store = try Store.open(path: state + "/ledger.sqlite")
        let delivery = Delivery(
            store: store, spool: MaildirSpool(root: spoolRoot, host: "burst"), configuration: configuration,
            checkpoint: Self.crashPoint())
        let recovered = try delivery.recover()
        // The daemon's own pipeline: the planning window from 1 March holds the month.
        let plan = try ScheduleSource(configuration: configuration, overrides: [], generation: 0).plan(at: Self.now, store: store)
        // Written "now", but named with the real clock's seconds as the daemon's files are,
        // so each run's leftovers differ from the last run's.
        let writtenAt = Self.now + Int(Date().timeIntervalSince1970) % 86_400
        var written = 0
        var failures = 0
        var index = 0
        while index < plan.due.count {
            let batch = Array(plan.due[index..<min(plan.due.count, index + options.batch)])
            let report = try delivery.deliver(batch, now: writtenAt)
            written += report.written.count
            failures += report.failures.count
            index += options.batch
        }
        try store.recordSuperseded(plan.superseded)
        print(
            "recovered \(recovered.finished) finished, \(recovered.alreadyPublished) already published, "
                + "\(recovered.staleRemoved) stale removed; wrote \(written); failures \(failures)")
    }
}
