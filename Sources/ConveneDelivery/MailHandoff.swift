import ConveneCore
import ConveneSpool
import ConveneStore
import Synchronization

/// Hands each message written to a forum's (or an officer's) folder to the local MTA
/// through `sendmail`, once, after it is in the folder: the same bytes, so the same
/// Message-ID, every time.
///
/// The ledger queues a message in the transaction that marks it written; each hand-off
/// is recorded as soon as sendmail exits. A crash between sendmail's exit and that record
/// hands the message over again at the next pass: the one way a repeat can happen, and a
/// repeat any mail client recognises by its Message-ID.
///
/// A forum's messages go in the order they were written, and one refused holds up that
/// forum's later ones (an update never overtakes its invitation); other forums go on.
/// At most `inFlight` sendmails run at once, each within `sendmail.timeout`; when
/// sendmail cannot start, or as many time out as may run at once, the pass stops and
/// the rest wait for the next.
public struct MailHandoff: Sendable {
    public let store: Store
    public let forums: MaildirSpool
    public let officers: MaildirSpool
    public let sendmail: Sendmail
    /// The envelope sender (`-f`): where the MTA sends bounces.
    public let sender: String
    /// Each forum's contacts' addresses, and each officer's address.
    public let forumAddresses: [String: [String]]
    public let officerAddresses: [String: String]
    public let retryPolicy: RetryPolicy
    public let inFlight: Int
    /// Called around each hand-off with the message's id; crash tests throw from it to
    /// stop the pass at an exact point, as a crash would.
    public let checkpoint: @Sendable (Checkpoint, String) throws -> Void
    /// Whether the daemon is stopping: no further message is started, and a sendmail
    /// still running is stopped (its message waits for the next start).
    public let stopping: @Sendable () -> Bool

    public enum Checkpoint: String, CaseIterable, Sendable {
        /// About to run sendmail.
        case handingOff
        /// sendmail took the message; the ledger does not know yet.
        case handedOff
        /// The ledger knows.
        case recorded
    }

    /// One message tried (or skipped) in a pass.
    public struct Attempt: Sendable, Equatable {
        public let message: WaitingHandoff
        public let outcome: HandoffOutcome
    }

    public struct Report: Sendable {
        public var attempts: [Attempt] = []
        /// When the next waiting message may be tried; nil when none waits.
        public var nextAttemptAt: Int?
        /// Why the pass stopped before trying every forum whose turn it was, if it did.
        public var stopped: String?
    }

    public init(
        store: Store, spool: MaildirSpool, configuration: Configuration, retryPolicy: RetryPolicy = RetryPolicy(),
        inFlight: Int = 4, stopping: @escaping @Sendable () -> Bool = { false },
        checkpoint: @escaping @Sendable (Checkpoint, String) throws -> Void = { _, _ in }
    ) {
        self.store = store
        forums = spool
        officers = RecordDelivery.officersSpool(spool)
        sendmail = Sendmail(
            path: configuration.delivery.sendmail ?? "/usr/sbin/sendmail", timeout: configuration.delivery.sendmailTimeout)
        sender = configuration.organisation.organiser.email
        forumAddresses = Dictionary(uniqueKeysWithValues: configuration.forums.map { ($0.id, $0.contacts.map(\.email)) })
        officerAddresses = Dictionary(uniqueKeysWithValues: configuration.officers.map { ($0.id, $0.email) })
        self.retryPolicy = retryPolicy
        self.inFlight = max(1, inFlight)
        self.checkpoint = checkpoint
        self.stopping = stopping
    }

    /// One pass at `now`: every forum whose first waiting message is due, each in order.
    /// Blocks while sendmail runs: call it from a thread of its own.
    public func pass(now: Int) throws -> Report {
        let queues = Self.queues(try store.waitingHandoffs())
        var report = Report()
        // Not worth sending any more: decided for every waiting message, due or not.
        var skipped: [Attempt] = []
        var live: [[WaitingHandoff]] = []
        for queue in queues {
            var keep: [WaitingHandoff] = []
            for (index, message) in queue.enumerated() {
                if let why = Self.stale(message, after: queue[(index + 1)...], now: now) {
                    skipped.append(Attempt(message: message, outcome: .skipped(why)))
                } else {
                    keep.append(message)
                }
            }
            if !keep.isEmpty { live.append(keep) }
        }
        for attempt in skipped { try record(attempt, at: now) }
        report.attempts = skipped

        let due = live.filter { $0[0].nextAttemptAt <= now }
        let results = Mutex<(attempts: [Attempt], failure: (any Error)?, stopped: String?, timeouts: Int)>(
            ([], nil, nil, 0))
        ConcurrentWork.run(count: due.count, threads: inFlight) { index in
            for message in due[index] {
                guard results.withLock({ $0.stopped == nil && $0.failure == nil }), !stopping() else { return }
                do {
                    let (attempt, failure) = try handOff(message, now: now)
                    results.withLock { state in
                        state.attempts.append(attempt)
                        guard let failure else { return }
                        switch failure {
                        case .cannotStart, .interrupted: state.stopped = state.stopped ?? failure.description
                        case .timedOut:
                            state.timeouts += 1
                            if state.timeouts >= inFlight { state.stopped = state.stopped ?? failure.description }
                        case .exited, .killed: break
                        }
                    }
                    // Refused: this forum's later messages wait their turn behind it.
                    if case .failed = attempt.outcome { return }
                } catch {
                    results.withLock { $0.failure = $0.failure ?? error }
                    return
                }
            }
        }
        let outcome = results.withLock { $0 }
        if let failure = outcome.failure { throw failure }
        report.attempts += outcome.attempts
        report.stopped = outcome.stopped
        report.nextAttemptAt = Self.queues(try store.waitingHandoffs()).map { $0[0].nextAttemptAt }.min()
        return report
    }

    /// Hands one message over and records it; the sendmail failure, if any, for the pass
    /// to decide whether to go on.
    private func handOff(_ message: WaitingHandoff, now: Int) throws -> (Attempt, Sendmail.Failure?) {
        let addresses =
            message.toOfficer
            ? officerAddresses[message.recipient].map { [$0] } ?? [] : forumAddresses[message.recipient] ?? []
        let folder = message.toOfficer ? officers : forums
        let outcome: HandoffOutcome
        var failure: Sendmail.Failure?
        if addresses.isEmpty {
            outcome = .skipped(
                message.toOfficer
                    ? "the officer is no longer in the configuration" : "the forum has no contact address in the configuration")
        } else if let bytes = folder.message(forum: message.recipient, fileName: message.fileName) {
            try checkpoint(.handingOff, message.message)
            do {
                try sendmail.send(bytes, from: sender, to: addresses, stop: stopping)
                try checkpoint(.handedOff, message.message)
                outcome = .handedOff(recipients: addresses.count)
            } catch let error as Sendmail.Failure {
                failure = error
                let exitStatus: Int? = if case .exited(let status, _) = error { Int(status) } else { nil }
                outcome = .failed(
                    exitStatus: exitStatus, error: error.description,
                    retryAt: now + retryPolicy.delay(afterAttempt: message.attempts + 1))
            }
        } else {
            outcome = .skipped("the message is no longer in the folder")
        }
        let attempt = Attempt(message: message, outcome: outcome)
        try record(attempt, at: now)
        if case .handedOff = outcome { try checkpoint(.recorded, message.message) }
        return (attempt, failure)
    }

    private func record(_ attempt: Attempt, at now: Int) throws {
        try store.recordHandoff(attempt.message.message, attempt.outcome, at: now)
    }

    /// Why `message` is no longer worth handing over, if it is not: its meeting is over,
    /// or a later message in the same folder about the same meeting supersedes it (a
    /// higher SEQUENCE: every message carries the whole meeting, so the later one alone
    /// puts the calendar right).
    static func stale(_ message: WaitingHandoff, after later: ArraySlice<WaitingHandoff>, now: Int) -> String? {
        guard let meeting = message.meeting else { return nil }
        if meeting.end <= now { return "the meeting was over before the mail system took the message" }
        let replaced = later.contains { other in
            other.meeting.map { $0.occurrence == meeting.occurrence && $0.sequence > meeting.sequence } ?? false
        }
        return replaced ? "a newer message about the same meeting replaced it before the mail system took it" : nil
    }

    /// The waiting messages by folder, each in the order written; folders in the order
    /// of their first message.
    static func queues(_ waiting: [WaitingHandoff]) -> [[WaitingHandoff]] {
        var order: [String] = []
        var queues: [String: [WaitingHandoff]] = [:]
        for message in waiting {
            let folder = (message.toOfficer ? "_officers/" : "") + message.recipient
            if queues[folder] == nil { order.append(folder) }
            queues[folder, default: []].append(message)
        }
        return order.map { queues[$0]! }
    }
}
