/// A message the co-production record sends: a reminder to an officer who owns an
/// action, or a forum's monthly "You said, we did" digest.
public struct RecordMessage: Hashable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Sendable {
        /// To the owner, a week before the action is due.
        case dueSoon = "action-due-soon"
        /// To the owner, the day after the due date, while it is not finished.
        case overdue = "action-overdue"
        /// To a forum, on the first working day of the month.
        case digest
    }

    /// Stable: the ledger records it once, and the same message is never written twice.
    public let id: String
    public let kind: Kind
    /// An officer's id (reminders) or a forum's (digests).
    public let recipient: String
    /// When it falls due.
    public let due: Int
    /// The item a reminder is about.
    public let item: Int?
    /// The month a digest is for (its first day).
    public let month: CivilDate?

    public init(id: String, kind: Kind, recipient: String, due: Int, item: Int?, month: CivilDate?) {
        self.id = id
        self.kind = kind
        self.recipient = recipient
        self.due = due
        self.item = item
        self.month = month
    }
}

/// What the co-production record has to send at an instant, given what was sent:
/// pure, like the notification planner.
///
/// - Reminders go at 09:00 seven days before an officer's action is due, and at 09:00 the
///   day after it passes, while the item is not finished; a new owner or due date is a
///   new action with reminders of its own. A reminder whose time passed before the action
///   was given (a due date less than a week away) goes at once; one a week before is not
///   sent once the due date has passed.
/// - Digests go at 09:00 on the first working day of each month (Monday to Friday, not a
///   bank holiday) to every forum, unless nothing in the record changed between that
///   forum's last digest and then. A digest a stopped daemon missed goes when it is back,
///   up to a week late; after that, the next month's tells it all.
public enum RecordPlanner {
    /// The hour of day messages go.
    public static let hour = 9
    /// How long before the due date the first reminder goes.
    public static let reminderDays = 7
    /// How late a digest may go when the daemon was not running at its time.
    public static let lateDays = 7

    public struct Plan: Sendable, Equatable {
        /// Due now, in order.
        public var due: [RecordMessage]
        /// When the next one falls due, if any is planned.
        public var nextDue: Int?
    }

    /// - Parameters:
    ///   - sent: ids of messages already written.
    ///   - toldUpTo: the serial of the last change each forum's last digest told.
    public static func plan(
        items: [Item], configuration: Configuration, now: Int, sent: Set<String>, toldUpTo: [String: Int]
    ) -> Plan {
        let zone = configuration.organisation.timeZone
        let at9 = { (date: CivilDate) in zone.resolve(LocalDateTime(date: date, time: LocalTime(hour: hour, minute: 0)!)).instant
        }
        var due: [RecordMessage] = []
        var later: [Int] = []
        func consider(_ message: RecordMessage) {
            guard !sent.contains(message.id) else { return }
            if message.due <= now { due.append(message) } else { later.append(message.due) }
        }
        for item in items where !item.status.isFinished {
            guard let action = item.action, let officer = action.owner.officer, configuration.officer(officer) != nil
            else { continue }
            let key = "\(item.id)-\(officer)-\(action.due.description)"
            let overdueAt = at9(action.due.adding(days: 1))
            // "Due today" at the latest: not once the due day is over.
            if now < zone.resolve(LocalDateTime(date: action.due.adding(days: 1), time: .midnight)).instant {
                consider(
                    RecordMessage(
                        id: "soon-\(key)", kind: .dueSoon, recipient: officer, due: at9(action.due.adding(days: -reminderDays)),
                        item: item.id, month: nil))
            }
            consider(
                RecordMessage(id: "late-\(key)", kind: .overdue, recipient: officer, due: overdueAt, item: item.id, month: nil))
        }
        // This month's digest, then next month's for the timer. A digest tells what changed
        // before its time; a daemon that was not running then sends it up to a week late.
        let today = zone.zoned(instant: now).local.date
        let thisMonth = CivilDate(year: today.year, month: today.month, day: 1)!
        let changes = items.flatMap(\.events)
        for month in [thisMonth, thisMonth.lastOfMonth(after: 0).adding(days: 1)] {
            let sendAt = at9(firstWorkingDay(of: month, configuration: configuration))
            for forum in configuration.forums {
                let id = "digest-\(forum.id)-\(month.description.prefix(7))"
                if sent.contains(id) { continue }
                if sendAt > now {
                    // Worth waking for only if something may be told.
                    if !changes.isEmpty { later.append(sendAt) }
                    continue
                }
                let told = toldUpTo[forum.id] ?? 0
                guard now < sendAt + lateDays * 86_400, changes.contains(where: { $0.serial > told && $0.at <= sendAt })
                else { continue }
                due.append(RecordMessage(id: id, kind: .digest, recipient: forum.id, due: sendAt, item: nil, month: month))
            }
        }
        due.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        return Plan(due: due, nextDue: later.min())
    }

    /// The first day of `month` (its first day given) that is Monday to Friday and not a
    /// bank holiday of the organisation's region.
    public static func firstWorkingDay(of month: CivilDate, configuration: Configuration) -> CivilDate {
        var day = month
        while day.weekday.isWeekend || configuration.bankHolidays.holiday(on: day) != nil { day = day.adding(days: 1) }
        return day
    }
}
