import ConveneCore
import ConveneDelivery
import ConveneSpool
import ConveneStore
import Foundation
import Glibc
import Logging

extension Daemon {
    /// Notifications written per ledger transaction and folder sync.
    static let batchSize = 500

    /// One wake of the work loop: reads the clock, tells the watchdog, writes what is
    /// due, and arms the timer for the next thing (a due time, a retry, or the watchdog).
    func round() async {
        guard state != .stopping else { return }
        let now = clock()
        notifier.watchdog()
        rounds += 1
        if stallAfterFirstRound && rounds > 1 { stall() }
        var wake = await deliverDue(now: now)
        if let interval = notifier.watchdogInterval {
            let half = Int((interval / 2).components.seconds)
            wake = min(wake ?? Int.max, now + max(half, 1))
        }
        timer.arm(at: Date(timeIntervalSince1970: TimeInterval(wake ?? now + 86_400)))
        notifier.status(statusLine())
    }

    /// Writes what is due at `now`; returns when something next needs doing.
    ///
    /// Planning and each batch of writing run off the actor, so the control socket
    /// answers, a reload or a coordinator's change is taken, and a stop is heeded while a
    /// publication day's tens of thousands of messages are written. (Only this loop
    /// writes to the spool and the ledger's notifications, one batch at a time.) A stop
    /// ends the round after the batch in hand; a new configuration or change ends it
    /// too, and the next round plans afresh.
    func deliverDue(now: Int) async -> Int? {
        if let retry = ledgerRetry, retry.notBefore > now { return retry.notBefore }
        do {
            if needsRecovery {
                _ = try delivery.recover()
                needsRecovery = false
            }
            let planned = source
            let plan = try await Self.plan(planned, now: now, store: store)
            reportUnplaced(planned.planning(at: now).occurrences)
            if state == .stopping || source !== planned { return now }
            let waiting = Set(forumRetries.filter { $0.value.notBefore > now }.keys)
            let due = plan.due.filter { !waiting.contains($0.forum) }
            // Due and not yet written: waiting for a retry, or failing in this round.
            backlog = plan.due.count
            var wrote = Set<String>()
            var index = 0
            while index < due.count {
                let batch = Array(due[index..<min(due.count, index + Self.batchSize)])
                let report = try await Self.deliver(batch, with: delivery, now: now)
                record(report, now: now)
                ledgerVersion += 1
                publish()
                backlog -= report.written.count
                wrote.formUnion(report.written.map(\.forum))
                index += Self.batchSize
                notifier.watchdog()
                // Stopped, reloaded or changed while the batch was written: the rest of
                // the plan (what it supersedes, what comes next) is stale.
                if state == .stopping || source !== planned { return now }
            }
            try store.recordSuperseded(plan.superseded)
            // A forum with nothing left to retry is healthy again.
            let stillDue = Set(due.map(\.forum)).subtracting(wrote)
            for forum in forumRetries.keys where wrote.contains(forum) || (!stillDue.contains(forum) && !waiting.contains(forum)) {
                forumRetries[forum] = nil
            }
            if ledgerRetry != nil {
                logger.notice("the ledger is writable again")
                ledgerRetry = nil
            }
            if forumRetries.isEmpty && ledgerRetry == nil { failures[.delivery] = nil }
            upcoming = plan.next.first.map {
                Upcoming(due: $0.due, kind: $0.kind, forums: Set(plan.next.map(\.forum)).count)
            }
            publish()
            let retryAt = forumRetries.values.map(\.notBefore).min()
            return [plan.nextDue, retryAt].compactMap { $0 }.min()
        } catch {
            let attempts = (ledgerRetry?.attempts ?? 0) + 1
            let delay = retryPolicy.delay(afterAttempt: attempts)
            ledgerRetry = Retry(attempts: attempts, notBefore: now + delay, error: "\(error)")
            fail(.delivery, "ledger: \(error)")
            logger.error("cannot record notifications in the ledger \(options.ledgerPath): \(error); retrying in \(delay) s",
                         metadata: CataloguedEvent.notificationRetry.metadata([
                             "error": "\(error)", "retry.in": "\(delay)s", "state.dir": .string(options.stateDirectory),
                         ]))
            return now + delay
        }
    }

    /// Reads the history the plan needs and plans, off the actor: planning a national
    /// configuration takes a while, and the control socket answers meanwhile.
    @concurrent
    static func plan(_ source: ScheduleSource, now: Int, store: Store) async throws -> NotificationPlanner.Plan {
        try source.plan(at: now, store: store)
    }

    /// Writes a batch off the actor: every message is synced to disk, so a batch of 500
    /// takes a while.
    @concurrent
    static func deliver(_ batch: [ConveneCore.Notification], with delivery: Delivery,
                                    now: Int) async throws -> Delivery.Report {
        try delivery.deliver(batch, now: now)
    }

    /// Logs what a batch wrote and schedules retries for the forums that failed.
    func record(_ report: Delivery.Report, now: Int) {
        for notification in report.written {
            logger.info(Logger.Message(stringLiteral: "\(notification.kind.rawValue) written for \(notification.forum): \(notification.occurrence.title), "
                        + DayText.day(notification.occurrence.start.local.date) + " "
                        + DayText.time(notification.occurrence.start.local.time)),
                        metadata: CataloguedEvent.notificationWritten.metadata([
                            "forum.id": .string(notification.forum), "notification.id": .string(notification.id),
                            "occurrence.uid": .string(notification.occurrence.uid),
                            "meeting.id": .string(notification.occurrence.series), "kind": .string(notification.kind.rawValue),
                            "sequence": "\(notification.sequence)",
                        ]))
        }
        for failure in report.failures {
            let attempts = (forumRetries[failure.forum]?.attempts ?? 0) + 1
            let delay = retryPolicy.delay(afterAttempt: attempts)
            forumRetries[failure.forum] = Retry(attempts: attempts, notBefore: now + delay, error: "\(failure.error)")
            fail(.delivery, "\(failure.forum): \(failure.error)")
            needsRecovery = true
            logger.warning("cannot write to forum \(failure.forum)'s spool: \(failure.error); nothing is lost, retrying in \(delay) s",
                           metadata: CataloguedEvent.notificationRetry.metadata([
                               "forum.id": .string(failure.forum), "notification.id": .string(failure.notification),
                               "error": .string(failure.error.description), "retry.in": "\(delay)s",
                               "attempt": "\(attempts)",
                           ]))
        }
    }

    /// Logs each meeting that cannot be placed, once per configuration.
    func reportUnplaced(_ occurrences: [Occurrence]) {
        for occurrence in occurrences where occurrence.status == .unplaced && !reportedUnplaced.contains(occurrence.uid) {
            reportedUnplaced.insert(occurrence.uid)
            logger.warning(Logger.Message(stringLiteral: "\(occurrence.title) on \(DayText.day(occurrence.ruleStart.local.date)) cannot be placed: "
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
