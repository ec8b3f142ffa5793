import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import Foundation

/// `convene-bench spool --state DIR --spool DIR [--forums 100] [--meetings 20] [--batch 50]`:
/// notifications per second written with full durability (render, write to tmp/ and
/// fsync, commit the batch in the ledger, rename, one fsync per folder, mark done),
/// beside the raw limit of the same disk: a plain loop of write, fsync, rename and
/// fsync of the folder per file, with messages of the same size. Prints both and the ratio.
struct SpoolBenchmark {
    let options: Benchmark.Options

    func run() throws {
        guard let state = options.state, let spoolRoot = options.spool else { Benchmark.usage() }
        try FileManager.default.createDirectory(atPath: spoolRoot, withIntermediateDirectories: true)
        let configuration = DeliveryBurst.configuration(forums: options.forums, meetings: options.meetings)
        let now = DeliveryBurst.now
        let due = DeliveryBurst.dueInMarch(configuration)
        let renderer = MessageRenderer(configuration: configuration)
        let sample = renderer.render(due[0], writtenAt: now)

        let clock = ContinuousClock()
        let rawStart = clock.now
        let raw = MaildirSpool(root: spoolRoot + "/raw", host: "raw")
        for (index, notification) in due.enumerated() {
            let staged = try raw.stage(sample, forum: notification.forum, notificationID: "raw-\(index)", writtenAt: now)
            try raw.publish(staged)
            try raw.syncFolders([notification.forum])
        }
        let rawSeconds = (clock.now - rawStart).seconds

        let store = try Store.open(path: state + "/bench-ledger.sqlite")
        let delivery = Delivery(
            store: store, spool: MaildirSpool(root: spoolRoot + "/convene", host: "bench"),
            configuration: configuration)
        let start = clock.now
        var written = 0
        var index = 0
        while index < due.count {
            let batch = Array(due[index..<min(due.count, index + options.batch)])
            written += try delivery.deliver(batch, now: now).written.count
            index += options.batch
        }
        let seconds = (clock.now - start).seconds

        let rawRate = Double(due.count) / rawSeconds
        let rate = Double(written) / seconds
        print("spool benchmark: \(written) notifications of about \(sample.utf8.count) bytes, batches of \(options.batch)")
        print(String(format: "  raw limit (write, fsync, rename, fsync folder)  %8.0f files/s", rawRate))
        print(String(format: "  Convene (render, ledger, spool, fully durable)  %8.0f notifications/s", rate))
        print(String(format: "  ratio                                           %8.0f%%", rate / rawRate * 100))
    }
}
