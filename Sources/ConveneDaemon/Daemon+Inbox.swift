import ConveneCore
import ConveneDelivery
import ConveneInbox
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
            let handled = try await Self.handleWaiting(inbox, configuration: configuration, now: now)
            for message in handled { log(message) }
            if !handled.isEmpty {
                ledgerVersion += 1
                refreshInboxStatus()
                publish()
            }
            return true
        } catch {
            logger.error(
                "cannot read the inbox; the messages wait in its new/ folder and are read again",
                metadata: ["error": "\(error)", "inbox.dir": .string(inbox.root)])
            return false
        }
    }

    @concurrent
    static func handleWaiting(_ inbox: Inbox, configuration: Configuration, now: Int) async throws -> [Inbox.Handled] {
        let matcher = inbox.matcher(for: configuration)
        return try inbox.waiting().map { try inbox.handle($0, matcher: matcher, now: now) }
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
/// each time the MTA delivers (inotify); after a failure, again with the spool's backoff.
struct InboxService: Service {
    let daemon: Daemon
    let inbox: Inbox
    let watcher: DirectoryWatcher
    let retryPolicy: RetryPolicy

    func run() async throws {
        for await _ in daemon.ready.cancelOnGracefulShutdown() {}
        var failures = 0
        var arrivals = watcher.changes.cancelOnGracefulShutdown().makeAsyncIterator()
        while !Task.isShuttingDownGracefully {
            if await daemon.readInbox(inbox) {
                failures = 0
                guard (await arrivals.next()) != nil else { return }
            } else {
                failures += 1
                let delay = retryPolicy.delay(afterAttempt: failures)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
            }
        }
    }
}
