import ConveneCore
import ConveneDelivery
import ConveneInbox
import ConveneSpool
import ConveneStore
import ConveneSystemd
import Logging
import ServiceLifecycle

extension Daemon {
    /// Reads every message waiting in the inbox's `new/`: each is matched, recorded and
    /// moved (off the actor), then logged. False when the inbox or the ledger failed; the
    /// messages not yet handled stay in `new/` for the next pass.
    func readInbox(_ inbox: Inbox) async -> Bool {
        let configuration = source.configuration
        let now = clock()
        do {
            let (handled, failure) = try await Self.handleWaiting(inbox, configuration: configuration, now: now)
            for message in handled { log(message) }
            if !handled.isEmpty {
                ledgerVersion += 1
                refreshInboxStatus()
                publish()
            }
            if let failure { throw failure }
            return true
        } catch {
            logger.error(
                "cannot file a message from the inbox; it waits in the new/ folder and is read again",
                metadata: ["error": "\(error)", "inbox.dir": .string(inbox.root)])
            return false
        }
    }

    /// Handles every waiting message; one that fails (the ledger, the folder) does not hold
    /// up those after it. The first failure, if any, with the messages handled.
    static func handleWaiting(_ inbox: Inbox, configuration: Configuration, now: Int) async throws
        -> (handled: [Inbox.Handled], failure: (any Error)?)
    {
        try await WorkThreads.shared.run {
            let matcher = inbox.matcher(for: configuration)
            var handled: [Inbox.Handled] = []
            var failure: (any Error)?
            for name in try inbox.waiting() {
                do {
                    handled.append(try inbox.handle(name, matcher: matcher, now: now))
                } catch {
                    failure = failure ?? error
                }
            }
            return (handled, failure)
        }
    }

    /// What goes to the MTA besides the spool (when `[delivery] sendmail` is set): the
    /// messages that need a person, forwarded to `[inbox] forward_to`, and a forum's
    /// current messages for a contact's new address after the old one bounced. False when
    /// the MTA refused something (it is tried again).
    func handOff(_ inbox: Inbox) async -> Bool {
        let forwarded = await forwardInbox(inbox)
        let resent = await resendToNewAddresses()
        return forwarded && resent
    }

    private func forwardInbox(_ inbox: Inbox) async -> Bool {
        let configuration = source.configuration
        guard let to = configuration.inbox.forwardTo, let path = configuration.delivery.sendmail else { return true }
        do {
            let forwarded = try await Self.forward(
                inbox, configuration: configuration,
                sendmail: mailer(path, configuration), to: to, now: clock())
            for message in forwarded {
                let forum: Logger.Metadata = message.forum.map { ["forum.id": .string($0)] } ?? [:]
                if let failure = message.failure {
                    logger.warning(
                        "cannot forward a message that needs a person; trying again later",
                        metadata: forum.merging(["error": .string(failure), "file": .string(message.file)]) { a, _ in a })
                } else {
                    logger.notice(
                        "forwarded a message that needs a person",
                        metadata: forum.merging(["file": .string(message.file)]) { a, _ in a })
                }
            }
            return forwarded.allSatisfy { $0.failure == nil }
        } catch {
            logger.error("cannot forward the messages that need a person", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Notes when each configured contact address first appeared (at start and with every
    /// configuration), so that a bounced contact's new address is known as new.
    func noteContacts() {
        let contacts = source.configuration.forums.flatMap { forum in forum.contacts.map { (forum.id, $0.email.lowercased()) } }
        do {
            try store.noteContacts(contacts, at: clock())
        } catch {
            logger.warning("cannot note the forums' contacts", metadata: ["error": "\(error)"])
        }
    }

    /// A forum whose contact's address bounced and was then replaced in the configuration:
    /// its current message about each meeting still ahead goes to the new address, once.
    private func resendToNewAddresses() async -> Bool {
        let configuration = source.configuration
        guard let path = configuration.delivery.sendmail else { return true }
        let contacts = configuration.forums.flatMap { forum in forum.contacts.map { (forum.id, $0.email.lowercased()) } }
        let now = clock()
        do {
            let resends = try store.resends(contacts: contacts, now: now)
            guard !resends.isEmpty else { return true }
            let attempts = try await Self.resend(
                resends, spool: spool, store: store,
                sendmail: mailer(path, configuration),
                sender: configuration.organisation.organiser.email, now: now)
            for (resend, failure) in attempts {
                let metadata: Logger.Metadata = [
                    "forum.id": .string(resend.forum), "notification.id": .string(resend.notification),
                ]
                if let failure {
                    logger.warning(
                        "cannot send a forum's message to its contact's new address; trying again later",
                        metadata: metadata.merging(["error": .string(failure)]) { a, _ in a })
                } else {
                    logger.notice("sent a forum's current message to its contact's new address", metadata: metadata)
                }
            }
            return attempts.allSatisfy { $0.failure == nil }
        } catch {
            logger.error("cannot send the forums' messages to new addresses", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Hands each resend to sendmail and records it, until sendmail hangs or cannot start:
    /// those tried, each with why it failed, if it did.
    static func resend(
        _ resends: [Resend], spool: MaildirSpool, store: Store, sendmail: Sendmail, sender: String, now: Int
    ) async throws -> [(resend: Resend, failure: String?)] {
        try await WorkThreads.mail.run {
            try resendNow(resends, spool: spool, store: store, sendmail: sendmail, sender: sender, now: now)
        }
    }

    private static func resendNow(
        _ resends: [Resend], spool: MaildirSpool, store: Store, sendmail: Sendmail, sender: String, now: Int
    ) throws -> [(resend: Resend, failure: String?)] {
        var attempts: [(resend: Resend, failure: String?)] = []
        for resend in resends {
            let failure: Sendmail.Failure?
            if let bytes = spool.message(forum: resend.forum, fileName: resend.fileName) {
                do {
                    try sendmail.send(bytes, from: sender, to: [resend.address])
                    failure = nil
                } catch {
                    failure = error
                }
            } else {
                // No longer in the forum's spool: recorded as done, with why; never tried again.
                try store.recordHandoff(
                    notification: resend.notification, recipients: resend.address, why: "new address", at: now,
                    error: "the message is no longer in the forum's spool")
                continue
            }
            try store.recordHandoff(
                notification: resend.notification, recipients: resend.address, why: "new address",
                at: failure == nil ? now : nil, error: failure?.description)
            attempts.append((resend, failure?.description))
            if failure?.stopsTheBatch == true { break }
        }
        return attempts
    }

    /// sendmail as the daemon runs it: within `[delivery] sendmail_timeout`, stopped when
    /// the daemon stops.
    func mailer(_ path: String, _ configuration: Configuration) -> Sendmail {
        let stopping = stopping
        return Sendmail(path: path, timeout: configuration.delivery.sendmailTimeout, stop: { stopping.isSet })
    }

    static func forward(_ inbox: Inbox, configuration: Configuration, sendmail: Sendmail, to: String, now: Int) async throws
        -> [Inbox.Forwarded]
    {
        try await WorkThreads.mail.run {
            try inbox.forwardWaiting(configuration: configuration, sendmail: sendmail, to: to, now: now)
        }
    }

    /// What came of one message, for the journal: no contact's name or address.
    private func log(_ message: Inbox.Handled) {
        switch message.outcome {
        case .answer(let answer)?, .staleAnswer(let answer)?:
            let current = if case .answer? = message.outcome { "" } else { " (to an earlier version of the meeting)" }
            logger.info(
                "an answer came in\(current)",
                metadata: CataloguedEvent.answerReceived.metadata([
                    "forum.id": .string(answer.forum), "occurrence.uid": .string(answer.occurrence),
                    "answer": .string(answer.answer.rawValue), "via": .string(answer.via.rawValue),
                    "sequence": "\(answer.sequence)",
                ]))
        case .quarantine(let reason)?:
            logger.warning(
                "a message was put in the inbox's quarantine",
                metadata: CataloguedEvent.messageQuarantined.metadata(["reason": .string(reason), "file": .string(message.name)]))
        case .needsPerson(let forum, let why)?:
            logger.notice(
                "a message from a forum needs a person",
                metadata: CataloguedEvent.messageNeedsPerson.metadata([
                    "forum.id": .string(forum), "reason": .string(why), "file": .string(message.name),
                ]))
        case .autoReply(let forum)?:
            logger.info("an automatic reply came in", metadata: forum.map { ["forum.id": .string($0)] } ?? [:])
        case .bounce(let contacts)?:
            for contact in contacts {
                logger.warning(
                    "a message to a forum's contact bounced",
                    metadata: CataloguedEvent.contactBounced.metadata([
                        "forum.id": .string(contact.forum),
                        "reason": "a delivery report says the address failed",
                        "file": .string(message.name),
                    ]))
            }
        case nil:
            logger.debug("an inbox message recorded before a stop was moved", metadata: ["file": .string(message.name)])
        }
    }
}

/// The inbox beside the work loop: a pass over `new/` once the daemon is ready, then one
/// each time the MTA delivers (inotify) or the configuration changes. After a failure the
/// pass runs again with the spool's backoff; what the MTA refuses is handed over again
/// with the same backoff, or with the next arrival.
struct InboxService: Service, CustomStringConvertible {
    var description: String { "InboxService" }

    let daemon: Daemon
    let inbox: Inbox
    let watcher: DirectoryWatcher
    let retryPolicy: RetryPolicy

    func run() async throws {
        for await _ in daemon.ready.cancelOnGracefulShutdown() {}
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in watcher.changes.cancelOnGracefulShutdown() { wake.yield() }
                wake.finish()
            }
            // A new configuration may have a bounced contact's new address.
            group.addTask {
                for await _ in daemon.configurationChanges.cancelOnGracefulShutdown() { wake.yield() }
            }
            var (failures, handOffFailures) = (0, 0)
            var retry: Task<Void, Never>?
            var passes = wakes.cancelOnGracefulShutdown().makeAsyncIterator()
            // Cancelled (not shut down gracefully), sleeps end at once and the stream ends:
            // the checks keep a failing inbox from being read again and again, for ever.
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                guard await daemon.readInbox(inbox) else {
                    // The inbox or the ledger fails: the spool's backoff, arrivals or not.
                    // What was filed meanwhile is still handed to the MTA.
                    _ = await daemon.handOff(inbox)
                    failures += 1
                    let delay = retryPolicy.delay(afterAttempt: failures)
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
                    continue
                }
                failures = 0
                retry?.cancel()
                if await daemon.handOff(inbox) {
                    handOffFailures = 0
                } else {
                    // The MTA refuses: tried again after the backoff, or with the next arrival.
                    handOffFailures += 1
                    let delay = retryPolicy.delay(afterAttempt: handOffFailures)
                    retry = Task {
                        try? await Task.sleep(for: .seconds(delay))
                        if !Task.isCancelled { wake.yield() }
                    }
                }
                guard await passes.next() != nil else { break }
            }
            retry?.cancel()
            group.cancelAll()
        }
    }
}
