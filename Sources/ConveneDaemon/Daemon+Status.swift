import ConveneCore
import ConveneProtocol

extension Daemon {
    /// `GET /v1/status`, as published in each snapshot.
    func status() -> StatusDocument {
        let configuration = loaded.configuration
        return StatusDocument(
            version: ConveneVersion.string, state: state.rawValue, configLoadedAt: timestamp(loaded.loadedAt),
            configFile: options.configFile, configFileCount: loaded.files.count, configDigest: loaded.digest,
            forums: configuration.forums.count, series: configuration.series.count,
            venues: configuration.venues.count,
            nextNotification: loop.next.first.map {
                .init(due: timestamp($0.due), kind: $0.kind.rawValue, forums: Set(loop.next.map(\.forum)).count)
            },
            spoolBacklog: loop.backlog, lastError: lastError, summary: statusLine(), inbox: inboxStatus, mail: mailStatus)
    }

    /// Reads again what the inbox holds for coordinators: quarantined messages, those
    /// that need a person (the last 30 days), and the configured contacts that bounced.
    func refreshInboxStatus() {
        do {
            let now = clock()
            let counts = try store.inboxWaiting(needsPersonSince: now - 30 * 86_400)
            var bounced: [String: [String: Int]] = [:]
            for bounce in try store.bounces() { bounced[bounce.forum, default: [:]][bounce.address] = bounce.bouncedAt }
            let bouncing = source.configuration.forums.reduce(0) { count, forum in
                count + forum.contacts.count { bounced[forum.id]?[$0.email.lowercased()] != nil }
            }
            inboxStatus = .init(quarantined: counts.quarantined, needsPerson: counts.needsPerson, bouncingContacts: bouncing)
            self.bounced = bounced
        } catch {
            logger.warning("cannot count what waits in the inbox", metadata: ["error": "\(error)"])
        }
    }

    /// The line systemd shows: "24 forums, 11 series; next: reminder to 24 forums Tue 2 Mar 10:00".
    func statusLine() -> String {
        let configuration = loaded.configuration
        var line = "\(configuration.forums.count) forums, \(configuration.series.count) series; "
        if let upcoming = loop.next.first {
            let local = configuration.organisation.timeZone.zoned(instant: upcoming.due).local
            let forums = Set(loop.next.map(\.forum)).count
            line +=
                "next: \(upcoming.kind.rawValue) to \(forums) forum\(forums == 1 ? "" : "s") "
                + "\(DayText.day(local.date)) \(DayText.time(local.time))"
        } else if rounds == 0 {
            line += "planning"
        } else {
            line += "nothing due in the next \(source.horizonMonths) months"
        }
        let retrying = loop.forumRetries.count
        if retrying > 0 { line += "; retrying \(retrying) forum\(retrying == 1 ? "" : "s")" }
        if loop.ledgerRetry != nil { line += "; ledger not writable, retrying" }
        let inbox = inboxStatus
        if inbox.quarantined > 0 { line += "; \(inbox.quarantined) in quarantine" }
        if inbox.needsPerson > 0 {
            line +=
                "; \(inbox.needsPerson) message\(inbox.needsPerson == 1 ? "" : "s") need\(inbox.needsPerson == 1 ? "s" : "") a person"
        }
        if inbox.bouncingContacts > 0 {
            line += "; \(inbox.bouncingContacts) contact\(inbox.bouncingContacts == 1 ? "" : "s") bouncing"
        }
        if let mail = mailStatus, mail.failing > 0 {
            line += "; \(mail.waiting) message\(mail.waiting == 1 ? "" : "s") waiting for the mail system"
        }
        return line
    }

    /// RFC 3339 in the organisation's zone.
    func timestamp(_ instant: Int) -> String {
        loaded.configuration.organisation.timeZone.zoned(instant: instant).rfc3339
    }
}
