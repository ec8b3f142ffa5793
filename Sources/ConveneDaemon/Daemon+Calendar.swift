import ConveneCore
import ConveneProtocol
import ConveneSpool

extension Daemon {
    /// A forum's meetings from a month ago to a year ahead, as an iCalendar feed.
    public func calendar(forum id: String) throws(ControlFailure) -> String {
        let configuration = loaded.configuration
        guard configuration.forum(id) != nil else { throw ControlFailure(.notFound, "no forum \"\(id)\"") }
        let today = today()
        let schedule: Schedule
        let told: [String: Int]
        do {
            schedule = try scheduled(from: today.adding(days: -31), through: today.adding(days: 366))
            told = try store.sentSequences(forum: id)
        } catch {
            throw ControlFailure(.internalError, "cannot read the ledger: \(error)")
        }
        return CalendarFeed(configuration: configuration)
            .render(forum: id, occurrences: schedule.occurrences, told: told, generatedAt: clock())
    }
}
