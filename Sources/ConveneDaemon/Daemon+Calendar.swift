import ConveneCore
import ConveneProtocol
import ConveneSpool

extension Daemon {
    /// A forum's meetings from a month ago to a year ahead, as an iCalendar feed.
    public func calendar(forum id: String) throws(ControlFailure) -> String {
        let configuration = loaded.configuration
        guard configuration.forum(id) != nil else { throw ControlFailure(.notFound, "no forum \"\(id)\"") }
        let today = today()
        let schedule = Scheduler(configuration: configuration)
            .schedule(from: today.adding(days: -31), through: today.adding(days: 366), overrides: try overrides())
        var told: [String: Int] = [:]
        do {
            for record in try store.history() where record.forum == id && record.sentAt != nil {
                told[record.occurrence] = max(told[record.occurrence] ?? 0, record.sequence)
            }
        } catch {
            throw ControlFailure(.internalError, "cannot read the ledger: \(error)")
        }
        return CalendarFeed(configuration: configuration)
            .render(forum: id, occurrences: schedule.occurrences, told: told, generatedAt: clock())
    }
}
