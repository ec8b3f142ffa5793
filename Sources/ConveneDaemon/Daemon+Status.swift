import ConveneCore
import ConveneProtocol

extension Daemon {
    /// `GET /v1/status`, as published in each snapshot.
    func status() -> StatusDocument {
        let configuration = loaded.configuration
        return StatusDocument(
            version: ConveneVersion.string, state: state.rawValue, configLoadedAt: timestamp(loaded.loadedAt),
            configFiles: loaded.files, forums: configuration.forums.count, series: configuration.series.count,
            venues: configuration.venues.count,
            nextNotification: loop.next.first.map {
                .init(due: timestamp($0.due), kind: $0.kind.rawValue, forums: Set(loop.next.map(\.forum)).count)
            },
            spoolBacklog: loop.backlog, lastError: lastError, summary: statusLine())
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
        return line
    }

    /// RFC 3339 in the organisation's zone.
    func timestamp(_ instant: Int) -> String {
        loaded.configuration.organisation.timeZone.zoned(instant: instant).rfc3339
    }
}
