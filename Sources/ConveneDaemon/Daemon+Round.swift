import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import FoundationEssentials
import Glibc
import Logging

extension Daemon {
    /// Notifications written per ledger transaction and folder sync.
    static let batchSize = 500

    /// One wake of the work loop: reads the clock, tells the watchdog, and performs what
    /// the `DeliveryLoop` decides (plan, write each batch, record what is superseded, arm
    /// the timer for the next thing), telling it how each step went. Returns the instant
    /// the timer was armed for.
    ///
    /// Planning and each batch of writing run off the actor, so the control socket
    /// answers, a reload or a coordinator's change is taken, and a stop is heeded while a
    /// publication day's tens of thousands of messages are written. (Only this loop
    /// writes to the spool and the ledger's notifications, one batch at a time.)
    @discardableResult
    func round() async -> Int? {
        guard state != .stopping else { return nil }
        notifier.watchdog()
        rounds += 1
        if stallAfterFirstRound && rounds > 1 { stall() }
        var armedAt: Int?
        var pending = loop.handle(.wake(now: clock()))
        while !pending.isEmpty {
            let action = pending.removeFirst()
            if case .arm(let instant) = action { armedAt = instant }
            if let event = await perform(action) { pending += loop.handle(event) }
        }
        // The co-production record's reminders and digests, after the meetings' messages;
        // the timer wakes for whichever comes first.
        if state != .stopping, let next = await recordRound(now: clock()), armedAt.map({ next < $0 }) ?? true {
            timer.arm(at: Date(timeIntervalSince1970: TimeInterval(next)))
            armedAt = next
        }
        expireReasonsIfDue()
        publish()
        notifier.status(statusLine())
        trimMemoryIfDue()
        // What the round wrote or finished (a recovery too) may be waiting for the MTA.
        mailWake.yield()
        return armedAt
    }

    /// Writes the record's messages that are due (finishing, at the first round, any a
    /// crash interrupted); the instant the next falls due, or a retry in five minutes
    /// after a failure.
    func recordRound(now: Int) async -> Int? {
        let delivery = recordDelivery
        let source = source
        let atStart = !recordRoundRun
        let outcome = await WorkThreads.shared.run { () -> Result<(RecordDelivery.Report, Int?), any Error> in
            Result {
                // Whatever a crash or a folder that could not be written left half done.
                let recovered = try delivery.recover(removingDrafts: atStart)
                guard recovered.failures.isEmpty else {
                    var report = RecordDelivery.Report()
                    report.stuck = recovered.failures
                    return (report, nil)
                }
                let items = try delivery.store.items()
                let sent = try delivery.store.recordMessagesSent()
                let plan = RecordPlanner.plan(
                    items: items, configuration: source.configuration, now: now, sent: sent.ids, toldUpTo: sent.toldUpTo)
                guard !plan.due.isEmpty else { return (RecordDelivery.Report(), plan.nextDue) }
                var meetings: [String: RecordLetter.Meeting] = [:]
                for item in items {
                    if let meeting = source.occurrence(item.occurrence) {
                        meetings[item.occurrence] = .init(title: meeting.title, date: meeting.start.local.date)
                    }
                }
                let report = try delivery.deliver(
                    plan.due, items: items, meetings: meetings, toldUpTo: sent.toldUpTo, now: now)
                return (report, plan.nextDue)
            }
        }
        switch outcome {
        case .success(let (report, next)):
            recordRoundRun = true
            if !report.written.isEmpty { mailWake.yield() }
            for (id, error) in report.stuck {
                logger.error(
                    "cannot finish writing a record message; trying again in five minutes",
                    metadata: ["record.message": .string(id), "error": "\(error)"])
            }
            for message in report.written {
                logger.info(
                    message.kind == RecordMessage.Kind.digest
                        ? "wrote the monthly \"You said, we did\" letter to a forum"
                        : "reminded an officer of an action due",
                    metadata: [
                        "record.message": .string(message.id), "record.kind": .string(message.kind.rawValue),
                        "recipient": .string(message.recipient),
                    ])
            }
            for (message, error) in report.failures {
                logger.error(
                    "cannot write a record message; trying again in five minutes",
                    metadata: ["record.message": .string(message.id), "error": "\(error)"])
            }
            return report.failures.isEmpty && report.stuck.isEmpty ? next : min(next ?? Int.max, now + 300)
        case .failure(let error):
            logger.error("cannot write the record's messages; trying again in five minutes", metadata: ["error": "\(error)"])
            return now + 300
        }
    }

    /// Hands memory freed since the last time back to the system, and lets go of the
    /// code pages the round ran (`MemoryTrim`), at most every 30 seconds.
    func trimMemoryIfDue() {
        MemoryTrim.startIfDue()
    }

    /// Allocations of 256 KiB and more get pages of their own from the kernel, given
    /// back the moment they are freed. glibc starts so (at 128 KiB) but raises the bar to
    /// the size of each large block freed, up to 32 MiB, after which a year's arrays and
    /// a national page's bytes come from the heap and leave it fragmented; a fixed
    /// threshold keeps the bar where it is. Called once at start; nothing where the C
    /// library has no `mallopt`.
    static func returnLargeAllocationsAtOnce() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt(mmapThreshold, 256 << 10)
    }

    /// Erases reasons older than `[privacy] keep_reasons`, at most once an hour (at start,
    /// then with the rounds: at least whenever a message falls due).
    func expireReasonsIfDue() {
        let now = clock()
        if let last = reasonsExpiredAt, now >= last, now - last < 3600 { return }
        reasonsExpiredAt = now
        let configuration = source.configuration
        let keep = configuration.privacy.keepReasons
        let cutoff = keep.cutoff(before: now, in: configuration.organisation.timeZone)
        do {
            // The messages hold the reasons too: deleted from the inbox, their records kept.
            let inbox = Inbox(root: options.inboxDirectory, store: store)
            let files = try store.filedMessages(before: cutoff)
            for file in files { try inbox.remove(file, quarantined: false) }
            try store.filedMessagesRemoved(files, at: now)
            let erased = try store.expireReasons(before: cutoff, keep: keep.text, at: now)
            if erased > 0 || !files.isEmpty {
                ledgerVersion += 1
                logger.notice(
                    "erased the reasons of answers older than the privacy setting keeps them",
                    metadata: ["count": "\(erased)", "messages": "\(files.count)", "keep": .string(keep.text)])
            }
        } catch {
            logger.warning("cannot erase old reasons; trying again later", metadata: ["error": "\(error)"])
        }
    }

    /// Does what the loop asked; what came of it, for the loop, if anything.
    private func perform(_ action: DeliveryLoop.Action) async -> DeliveryLoop.Event? {
        switch action {
        case .recover:
            do {
                _ = try delivery.recover()
                return .recovered
            } catch {
                return .ledgerFailed("\(error)")
            }
        case .plan(let now):
            let planned = source
            do {
                let plan = try await Self.plan(planned, now: now, store: store)
                reportUnplaced(planned.planning(at: now).occurrences)
                return .planned(plan)
            } catch {
                return .ledgerFailed("\(error)")
            }
        case .write(let batch, let now):
            do {
                let report = try await Self.deliver(batch, with: delivery, now: now)
                ledgerVersion += 1
                if !report.written.isEmpty { mailWake.yield() }
                publish()
                notifier.watchdog()
                return .written(
                    report.written,
                    failures: report.failures.map {
                        .init(forum: $0.forum, notification: $0.notification, error: $0.error.description)
                    }, withdrawn: report.withdrawn)
            } catch {
                return .ledgerFailed("\(error)")
            }
        case .recordSuperseded(let superseded):
            do {
                try store.recordSuperseded(superseded)
                return .supersededRecorded
            } catch {
                return .ledgerFailed("\(error)")
            }
        case .arm(let instant):
            timer.arm(at: Date(timeIntervalSince1970: TimeInterval(instant)))
            return nil
        case .log(let note):
            log(note)
            return nil
        }
    }

    /// Tells the journal (and the status) what the loop noted.
    private func log(_ note: DeliveryLoop.Note) {
        switch note {
        case .written(let notification):
            logger.info(
                Logger.Message(
                    stringLiteral: "\(notification.kind.rawValue) written: \(notification.occurrence.title), "
                        + DayText.day(notification.occurrence.start.local.date) + " "
                        + DayText.time(notification.occurrence.start.local.time)),
                metadata: CataloguedEvent.notificationWritten.metadata([
                    "forum.id": .string(notification.forum), "notification.id": .string(notification.id),
                    "occurrence.uid": .string(notification.occurrence.uid),
                    "meeting.id": .string(notification.occurrence.series), "kind": .string(notification.kind.rawValue),
                    "sequence": "\(notification.sequence)",
                ]))
        case .spoolRetry(let failure, let attempt, let delay):
            fail(.delivery, "\(failure.forum): \(failure.error)")
            logger.warning(
                "cannot write to a forum's folder; nothing is lost, and it is retried",
                metadata: CataloguedEvent.notificationRetry.metadata([
                    "forum.id": .string(failure.forum), "notification.id": .string(failure.notification),
                    "error": .string(failure.error), "retry.in": "\(delay)s", "attempt": "\(attempt)",
                ]))
        case .ledgerRetry(let error, let attempt, let delay):
            fail(.delivery, "ledger: \(error)")
            logger.error(
                "cannot read or write the ledger; nothing is sent until it can, and it is retried",
                metadata: CataloguedEvent.notificationRetry.metadata([
                    "error": .string(error), "retry.in": "\(delay)s", "attempt": "\(attempt)",
                    "ledger.path": .string(options.ledgerPath),
                ]))
        case .ledgerWritable:
            logger.notice("the ledger is writable again")
        case .healthy:
            failures[.delivery] = nil
        }
    }

    /// Reads the history the plan needs and plans, on a work thread: planning a national
    /// configuration takes a while, and the control socket answers meanwhile.
    static func plan(_ source: ScheduleSource, now: Int, store: Store) async throws -> NotificationPlanner.Plan {
        try await WorkThreads.shared.run { try source.plan(at: now, store: store) }
    }

    /// Writes a batch on a work thread: every message is synced to disk, so a batch of
    /// 500 takes a while.
    static func deliver(
        _ batch: [ConveneCore.Notification], with delivery: Delivery,
        now: Int
    ) async throws -> Delivery.Report {
        try await WorkThreads.shared.run { try delivery.deliver(batch, now: now) }
    }

    /// Logs each meeting that cannot be placed, once per configuration.
    func reportUnplaced(_ occurrences: [Occurrence]) {
        for occurrence in occurrences where occurrence.status == .unplaced && !reportedUnplaced.contains(occurrence.uid) {
            reportedUnplaced.insert(occurrence.uid)
            logger.warning(
                Logger.Message(
                    stringLiteral: "\(occurrence.title) on \(DayText.day(occurrence.ruleStart.local.date)) cannot be placed: "
                        + (occurrence.reason ?? "no feasible slot")),
                metadata: CataloguedEvent.occurrenceUnplaced.metadata([
                    "meeting.id": .string(occurrence.series), "occurrence.uid": .string(occurrence.uid),
                    "reason": .string(occurrence.reason ?? ""),
                ]))
        }
    }

    /// Blocks this thread for good, as a hung write would; only the watchdog ends it.
    private func stall() -> Never {
        logger.critical("CONVENE_DEBUG_STALL is set: the work loop stops here on purpose")
        while true { pause() }
    }
}
