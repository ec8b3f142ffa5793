import ConveneCore
import ConveneDelivery
import ConveneStore
import Logging
import ServiceLifecycle
import Synchronization

/// Set once, when the daemon begins to stop; read from any thread.
final class StopFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

extension Daemon {
    /// Turns the hand-off to the MTA on or off to match `[delivery] sendmail` (at start
    /// and with each configuration). Turned on, each forum's latest message about every
    /// meeting still ahead is queued once; nothing older.
    func matchMailHandoff() {
        let configuration = source.configuration
        do {
            guard configuration.delivery.sendmail != nil else {
                mailStatus = nil
                if try store.mailHandoffSince() != nil {
                    try store.stopMailHandoff()
                    logger.notice("messages are no longer handed to the mail system ([delivery] sendmail is not set)")
                }
                return
            }
            if let queued = try store.startMailHandoff(now: clock()) {
                logger.notice(
                    "messages are now handed to the mail system: each forum's latest message about every meeting still ahead goes first",
                    metadata: ["messages": "\(queued)", "sendmail": .string(configuration.delivery.sendmail ?? "")])
            }
            countWaitingMail()
        } catch {
            logger.error("cannot turn the hand-off to the mail system on or off", metadata: ["error": "\(error)"])
        }
        mailWake.yield()
    }

    /// One pass of the hand-off: the instant the next waiting message may be tried (nil
    /// when none waits), and whether the pass stopped early (sendmail hangs or cannot
    /// start), when the service waits the backoff before the next.
    func handOffMail() async -> (next: Int?, stopped: Bool) {
        let configuration = source.configuration
        guard configuration.delivery.sendmail != nil else { return (nil, false) }
        // Stopping: nothing more is started, and the service waits for its shutdown.
        guard !stopping.isSet else { return (nil, true) }
        let stopping = stopping
        let handoff = MailHandoff(
            store: store, spool: spool, configuration: configuration, retryPolicy: retryPolicy,
            stopping: { stopping.isSet }, clock: clock, unrecorded: unrecordedHandoffs)
        let now = clock()
        let outcome = await WorkThreads.mail.run { Result { try handoff.pass(now: now) } }
        switch outcome {
        case .success(let report):
            for attempt in report.attempts { log(attempt) }
            if let stopped = report.stopped {
                logger.warning(
                    "the hand-off to the mail system stopped for now: the rest wait and are tried again later",
                    metadata: ["error": .string(stopped)])
            }
            countWaitingMail()
            if !report.attempts.isEmpty {
                ledgerVersion += 1
                publish()
                notifier.status(statusLine())
            }
            return (report.nextAttemptAt, report.stopped != nil)
        case .failure(let error):
            logger.error("cannot hand messages to the mail system; trying again later", metadata: ["error": "\(error)"])
            return (nil, true)
        }
    }

    /// Counts what waits for the MTA, for the status.
    func countWaitingMail() {
        do {
            let counts = try store.mailHandoffCounts()
            mailStatus = .init(waiting: counts.waiting, failing: counts.failing)
        } catch {
            logger.warning("cannot count the messages waiting for the mail system", metadata: ["error": "\(error)"])
        }
    }

    private func log(_ attempt: MailHandoff.Attempt) {
        var metadata: Logger.Metadata =
            attempt.message.toOfficer
            ? ["officer.id": .string(attempt.message.recipient)] : ["forum.id": .string(attempt.message.recipient)]
        metadata[attempt.message.meeting == nil ? "record.message" : "notification.id"] = .string(attempt.message.message)
        switch attempt.outcome {
        case .handedOff(let recipients):
            metadata["recipients"] = "\(recipients)"
            logger.info("a message was handed to the mail system", metadata: CataloguedEvent.messageHandedOff.metadata(metadata))
        case .failed(let exitStatus, let error, let retryAt):
            metadata["error"] = .string(error)
            if let exitStatus { metadata["exit.status"] = "\(exitStatus)" }
            metadata["retry.at"] = .string(timestamp(retryAt))
            logger.warning(
                "the mail system did not take a message; it is tried again later",
                metadata: CataloguedEvent.handoffFailed.metadata(metadata))
        case .skipped(let why):
            metadata["reason"] = .string(why)
            logger.notice("a message was not handed to the mail system", metadata: metadata)
        }
    }
}

/// The hand-off to the MTA beside the work loop: a pass once the daemon is ready, then
/// whenever messages are written, the configuration changes, or a message in backoff
/// falls due. Passes run on a thread of their own, so a hung sendmail holds up nothing
/// else; a pass that stopped early (sendmail hangs or will not start) is followed by the
/// spool's backoff.
struct MailHandoffService: Service, CustomStringConvertible {
    var description: String { "MailHandoffService" }

    let daemon: Daemon
    let retryPolicy: RetryPolicy

    func run() async throws {
        for await _ in daemon.ready.cancelOnGracefulShutdown() {}
        var stops = 0
        var wakes = daemon.mailWakes.cancelOnGracefulShutdown().makeAsyncIterator()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let (next, stopped) = await daemon.handOffMail()
            stops = stopped ? stops + 1 : 0
            let now = daemon.clock()
            let wait: Int? = stopped ? retryPolicy.delay(afterAttempt: stops) : next.map { max(0, $0 - now) }
            if wait == 0 { continue }
            // Until the next message is due, or something is written, whichever is first.
            let timeout = wait.map { seconds in
                Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    if !Task.isCancelled { daemon.mailWake.yield() }
                }
            }
            let woken = await wakes.next() != nil
            timeout?.cancel()
            guard woken else { break }
        }
    }
}
