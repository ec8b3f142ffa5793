import ConveneCore
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import ConveneStore
import Foundation

extension Daemon {
    /// The longest range one schedule request may ask for.
    static let longestRange = 731

    public func schedule(month: String?, from: String?, to: String?, forum: String?) throws(ControlFailure) -> ScheduleDocument {
        let configuration = loaded.configuration
        if let forum, configuration.forum(forum) == nil { throw ControlFailure(.notFound, "no forum \"\(forum)\"") }
        let (first, last) = try Self.range(month: month, from: from, to: to, today: today())
        let key = ScheduleKey(generation: generation, first: first, last: last, forum: forum)
        if let cached = answeredSchedules[key] { return cached }
        let schedule: Schedule
        do {
            schedule = try scheduled(from: first, through: last)
        } catch {
            throw ControlFailure(.internalError, "cannot read the overrides: \(error)")
        }
        var document = ScheduleDocument(schedule, configuration: configuration)
        if let forum { document.occurrences.removeAll { !$0.forums.contains(forum) } }
        // The schedule changes only with the configuration or a coordinator's change (both
        // bump the generation), so repeated questions are answered from memory.
        if answeredSchedules.count >= 64 || answeredSchedules.keys.contains(where: { $0.generation != generation }) {
            answeredSchedules.removeAll()
        }
        answeredSchedules[key] = document
        return document
    }

    public func forums() -> ForumsDocument {
        let counts = upcomingMeetings()
        return ForumsDocument(forums: loaded.configuration.forums.map { Self.document($0, upcoming: counts[$0.id] ?? 0) })
    }

    public func forum(_ id: String) throws(ControlFailure) -> ForumDocument {
        guard let forum = loaded.configuration.forum(id) else { throw ControlFailure(.notFound, "no forum \"\(id)\"") }
        return Self.document(forum, upcoming: upcomingMeetings(of: id)[id] ?? 0)
    }

    /// How many meetings each forum (or only `forum`) is invited to from now to the end
    /// of the planning window.
    func upcomingMeetings(of forum: String? = nil) -> [String: Int] {
        let now = clock()
        guard let (planned, horizon, _) = try? schedule(now: now) else { return [:] }
        var counts: [String: Int] = [:]
        // (What is planned also holds meetings a coordinator moved past the window.)
        for occurrence in planned where occurrence.takesPlace && occurrence.start.instant > now
            && horizon.contains(occurrence.start.instant) {
            for invited in occurrence.invited where forum == nil || invited == forum { counts[invited, default: 0] += 1 }
        }
        return counts
    }

    public func notifications(forum: String?, occurrence: String?, since: String?) throws(ControlFailure)
        -> NotificationsDocument {
        let zone = loaded.configuration.organisation.timeZone
        if let forum, loaded.configuration.forum(forum) == nil { throw ControlFailure(.notFound, "no forum \"\(forum)\"") }
        var instant: Int?
        if let since {
            if let date = CivilDate(since) {
                instant = zone.resolve(LocalDateTime(date: date, time: .midnight)).instant
            } else if let time = LocalDateTime(since) {
                instant = zone.resolve(time).instant
            } else {
                throw ControlFailure(.badRequest, "since: expected a date (2027-03-01) or a local time (2027-03-01T09:00), not \"\(since)\"")
            }
        }
        let rows: [DeliveredNotification]
        do {
            rows = try store.notifications(forum: forum, occurrence: occurrence, since: instant)
        } catch {
            throw ControlFailure(.internalError, "cannot read the ledger: \(error)")
        }
        return NotificationsDocument(notifications: rows.map { row in
            .init(id: row.id, forum: row.forum, occurrence: row.occurrence, kind: row.kind.rawValue, sequence: row.sequence,
                  due: timestamp(row.due), writtenAt: row.writtenAt.map(timestamp), file: row.fileName)
        })
    }

    public func mayChange(_ peer: Peer) -> Bool {
        UnixAccounts.isRootOrMember(uid: peer.uid, gid: peer.gid, of: loaded.configuration.control.adminGroup)
    }

    /// Whoever may change things, and the daemon's own user: `systemctl reload` runs
    /// `convenectl reload` as that user (the unit's ExecReload=). A process running as
    /// it could write the ledger anyway, so this grants it nothing more than a reload.
    public func mayReload(_ peer: Peer) -> Bool {
        peer.uid == geteuid() || mayChange(peer)
    }

    // MARK: - Helpers

    func today() -> CivilDate { loaded.configuration.organisation.timeZone.zoned(instant: clock()).local.date }

    func overrides() throws(ControlFailure) -> [Override] {
        do {
            return try store.overrides()
        } catch {
            throw ControlFailure(.internalError, "cannot read the overrides: \(error)")
        }
    }

    /// The days a request asks for: `month`, or `from`…`to`, or next month.
    static func range(month: String?, from: String?, to: String?, today: CivilDate) throws(ControlFailure)
        -> (CivilDate, CivilDate) {
        if let month {
            guard from == nil, to == nil else { throw ControlFailure(.badRequest, "give month or from/to, not both") }
            let parts = month.split(separator: "-")
            guard month.count == 7, parts.count == 2, month.utf8.enumerated().allSatisfy({ $0 == 4 || (48...57).contains($1) }),
                  let year = Int(parts[0]), let number = Int(parts[1]),
                  let first = CivilDate(year: year, month: number, day: 1) else {
                throw ControlFailure(.badRequest, "month: expected YYYY-MM, not \"\(month)\"")
            }
            return (first, CivilDate(year: year, month: number, day: CivilDate.daysInMonth(year: year, month: number))!)
        }
        if from != nil || to != nil {
            guard let from, let first = CivilDate(from) else {
                throw ControlFailure(.badRequest, "from: expected YYYY-MM-DD, not \"\(from ?? "")\"")
            }
            guard let to, let last = CivilDate(to) else {
                throw ControlFailure(.badRequest, "to: expected YYYY-MM-DD, not \"\(to ?? "")\"")
            }
            guard first <= last else { throw ControlFailure(.badRequest, "from \(from) is after to \(to)") }
            guard first.days(until: last) < longestRange else {
                throw ControlFailure(.badRequest, "ask for at most \(longestRange) days at a time")
            }
            return (first, last)
        }
        var year = today.year
        var number = today.month + 1
        if number > 12 { (year, number) = (year + 1, 1) }
        return (CivilDate(year: year, month: number, day: 1)!,
                CivilDate(year: year, month: number, day: CivilDate.daysInMonth(year: year, month: number))!)
    }

    static func document(_ forum: Forum, upcoming: Int) -> ForumDocument {
        ForumDocument(id: forum.id, name: forum.name, district: forum.district,
                      contacts: forum.contacts.map { .init(name: $0.name, email: $0.email) },
                      available: forum.availability.map { window in
                          Weekday.allCases.filter { window.days.contains($0) }.map(\.code).joined(separator: ",")
                              + " \(DayText.time(window.from))–\(DayText.time(window.to))"
                      },
                      upcoming: upcoming)
    }
}
