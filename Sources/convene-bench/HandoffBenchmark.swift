import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import Foundation

/// `convene-bench handoff --state DIR --spool DIR --sendmail PATH [--to ADDRESS]
/// [--forums 50] [--meetings 10]`: messages per second handed to the MTA through
/// `sendmail` (each a process of its own, four at once, each recorded in the ledger),
/// beside the rate the same messages were written to the spool with full durability.
/// Every forum's contact is `--to` (the scripts point it at an alias Postfix discards).
struct HandoffBenchmark {
    let options: Benchmark.Options

    func run() throws {
        guard let state = options.state, let spoolRoot = options.spool, let sendmail = options.sendmail else {
            Benchmark.usage()
        }
        try FileManager.default.createDirectory(atPath: spoolRoot, withIntermediateDirectories: true)
        let base = DeliveryBurst.configuration(forums: options.forums, meetings: options.meetings)
        let configuration = Configuration(
            organisation: base.organisation, districts: base.districts, venues: base.venues,
            forums: base.forums.map { forum in
                Forum(
                    id: forum.id, name: forum.name, district: forum.district,
                    contacts: [Contact(name: "Secretary", email: options.to)], availability: [])
            },
            series: base.series, delivery: DeliverySettings(sendmail: sendmail))
        let now = DeliveryBurst.now
        let due = DeliveryBurst.dueInMarch(configuration)

        let store = try Store.open(path: state + "/handoff-ledger.sqlite")
        try store.startMailHandoff(now: now)
        let spool = MaildirSpool(root: spoolRoot, host: "bench")
        let delivery = Delivery(store: store, spool: spool, configuration: configuration)
        let clock = ContinuousClock()
        let writeStart = clock.now
        var written = 0
        for start in stride(from: 0, to: due.count, by: 50) {
            written += try delivery.deliver(Array(due[start..<min(due.count, start + 50)]), now: now).written.count
        }
        let writeSeconds = (clock.now - writeStart).seconds

        let handoff = MailHandoff(store: store, spool: spool, configuration: configuration)
        let handStart = clock.now
        let report = try handoff.pass(now: now)
        let handSeconds = (clock.now - handStart).seconds
        let handed = report.attempts.filter { if case .handedOff = $0.outcome { true } else { false } }.count
        let failed = report.attempts.count - handed

        print("hand-off benchmark: \(written) messages, sendmail \(sendmail), \(handoff.inFlight) at once")
        print(String(format: "  written to the spool (fully durable)      %8.0f messages/s", Double(written) / writeSeconds))
        print(String(format: "  handed to sendmail and recorded           %8.0f messages/s", Double(handed) / handSeconds))
        if failed > 0 || report.stopped != nil {
            print("  \(failed) not taken\(report.stopped.map { ": \($0)" } ?? "")")
        }
    }
}
