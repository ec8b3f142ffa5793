import ConveneCore
import ConveneProtocol

extension ScheduleDocument {
    /// The schedule as `convenectl schedule --json` and `GET /v1/schedule` show it.
    public init(_ schedule: Schedule, configuration: Configuration) {
        self.init(
            occurrences: schedule.occurrences.map { occurrence in
                Item(
                    uid: occurrence.uid, meeting: occurrence.series, title: occurrence.title,
                    start: occurrence.start.rfc3339, end: occurrence.end.rfc3339, venue: occurrence.venue,
                    venueName: occurrence.venue.flatMap { configuration.venue($0)?.name }, online: occurrence.online,
                    forums: occurrence.invited, status: occurrence.status.rawValue, reason: occurrence.reason,
                    cannotAttend: occurrence.cannotAttend, conflicts: occurrence.conflicts)
            })
    }
}
