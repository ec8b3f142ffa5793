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
    /// The time, read as each sendmail ends (a retry is due from then, not from the
    /// start of a pass that waited out another's time limit); nil: the pass's `now`.
    public let clock: (@Sendable () -> Int)?
    /// Messages sendmail took whose record the ledger refused: recorded before anything
    /// is handed over again, never handed over twice while the daemon runs.
    public let unrecorded: UnrecordedHandoffs

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
        inFlight: Int = 4, stopping: @escaping @Sendable () -> Bool = { false }, clock: (@Sendable () -> Int)? = nil,
        unrecorded: UnrecordedHandoffs = UnrecordedHandoffs(),
        checkpoint: @escaping @Sendable (Checkpoint, String) throws -> Void = { _, _ in }
    ) {
        self.store = store
        forums = spool
        officers = RecordDelivery.officersSpool(spool)
        sendmail = Sendmail(
            path: configuration.delivery.sendmail ?? "/usr/sbin/sendmail", timeout: configuration.delivery.sendmailTimeout,
            stop: stopping)
        sender = configuration.organisation.organiser.email
        forumAddresses = Dictionary(uniqueKeysWithValues: configuration.forums.map { ($0.id, $0.contacts.map(\.email)) })
        officerAddresses = Dictionary(uniqueKeysWithValues: configuration.officers.map { ($0.id, $0.email) })
        self.retryPolicy = retryPolicy
        self.inFlight = max(1, inFlight)
        self.checkpoint = checkpoint
        self.stopping = stopping
        self.clock = clock
        self.unrecorded = unrecorded
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
        // Each thread takes the next forum whose turn it is: one held up by a slow
        // sendmail holds up no other.
        let next = Mutex(0)
        ConcurrentWork.run(count: min(inFlight, due.count), threads: inFlight) { _ in
            while let index = next.withLock({ (index: inout Int) -> Int? in
                defer { index += 1 }
                return index < due.count ? index : nil
            }) {
                handOff(due[index], now: now, results: results)
            }
        }
        let outcome = results.withLock { $0 }
        if let failure = outcome.failure { throw failure }
        report.attempts += outcome.attempts
        report.stopped = outcome.stopped
        report.nextAttemptAt = Self.queues(try store.waitingHandoffs()).map { $0[0].nextAttemptAt }.min()
        return report
    }

    /// Hands one folder's due messages over in order, until one is refused or the pass stops.
    private func handOff(
        _ queue: [WaitingHandoff], now: Int,
        results: borrowing Mutex<(attempts: [Attempt], failure: (any Error)?, stopped: String?, timeouts: Int)>
    ) {
        do {
            for message in queue {
                guard results.withLock({ $0.stopped == nil && $0.failure == nil }), !stopping() else { return }
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
            }
        } catch {
            results.withLock { $0.failure = $0.failure ?? error }
        }
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
        if let recipients = unrecorded.take(message.message) {
            // Taken before, at a moment the ledger refused to record it: record it now.
            do {
                try record(Attempt(message: message, outcome: .handedOff(recipients: recipients)), at: clock?() ?? now)
            } catch {
                unrecorded.add(message.message, recipients: recipients)
                throw error
            }
            return (Attempt(message: message, outcome: .handedOff(recipients: recipients)), nil)
        }
        if addresses.isEmpty {
            outcome = .skipped(
                message.toOfficer
                    ? "the officer is no longer in the configuration" : "the forum has no contact address in the configuration")
        } else if let bytes = Self.contents(of: message, in: folder) {
            try checkpoint(.handingOff, message.message)
            do {
                try sendmail.send(bytes, from: sender, to: addresses)
                try checkpoint(.handedOff, message.message)
                outcome = .handedOff(recipients: addresses.count)
            } catch let error as Sendmail.Failure {
                failure = error
                let exitStatus: Int? = if case .exited(let status, _) = error { Int(status) } else { nil }
                outcome = .failed(
                    exitStatus: exitStatus, error: error.description,
                    retryAt: (clock?() ?? now) + retryPolicy.delay(afterAttempt: message.attempts + 1))
            }
        } else if folder.holds(forum: message.recipient, fileName: message.fileName) {
            // There, but not readable now (too many open files, a disk error): tried again.
            outcome = .failed(
                exitStatus: nil, error: "cannot read the message in the folder",
                retryAt: (clock?() ?? now) + retryPolicy.delay(afterAttempt: message.attempts + 1))
        } else {
            outcome = .skipped("the message is no longer in the folder")
        }
        let attempt = Attempt(message: message, outcome: outcome)
        do {
            try record(attempt, at: clock?() ?? now)
        } catch {
            // sendmail took it: never again while the daemon runs, whatever the ledger says.
            if case .handedOff(let recipients) = outcome { unrecorded.add(message.message, recipients: recipients) }
            throw error
        }
        if case .handedOff = outcome { try checkpoint(.recorded, message.message) }
        return (attempt, failure)
    }

    /// The message's bytes, looked for twice: a reader may move it from `new/` to `cur/`
    /// between the look and the read.
    static func contents(of message: WaitingHandoff, in folder: MaildirSpool) -> [UInt8]? {
        folder.message(forum: message.recipient, fileName: message.fileName)
            ?? folder.message(forum: message.recipient, fileName: message.fileName)
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

/// Hand-offs sendmail completed whose record the ledger refused (a full disk, a lock):
/// kept for the daemon's lifetime so the message is recorded, not handed over again.
public final class UnrecordedHandoffs: Sendable {
    private let messages = Mutex<[String: Int]>([:])

    public init() {}

    func add(_ message: String, recipients: Int) { messages.withLock { $0[message] = recipients } }

    /// The recipients of `message` if it is one, removed.
    func take(_ message: String) -> Int? { messages.withLock { $0.removeValue(forKey: message) } }
}
