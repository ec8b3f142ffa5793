/// A recurring meeting: what it is, when it repeats, where it is held, whom it
/// invites, and what happens when a date falls on a closed day or clashes.
public struct MeetingSeries: Hashable, Sendable, Identifiable {
    /// Also part of every occurrence's UID, so restricted to `[a-z][a-z0-9-]*`.
    public let id: String
    public let title: String
    public let description: String?
    /// DTSTART (date and start time), the rule, RDATE and EXDATE, in the organisation's zone.
    public let recurrence: Recurrence
    public let duration: ISODuration
    /// A `Venue` id; nil for an online-only meeting.
    public let venue: String?
    /// The https link to join online (hybrid or online-only meetings).
    public let online: String?
    /// The invited forums' ids, resolved from `*`, `district:<id>` and ids; sorted.
    public let invited: [String]
    /// Higher keeps its slot when two meetings clash (0…100).
    public let priority: Int
    public let onClosed: ClosedDayPolicy
    /// How many days `before`/`after` may move a meeting.
    public let maxMoveDays: Int
    /// Whether a moved meeting must stay in its month.
    public let sameMonth: Bool
    /// School holidays count as closed days.
    public let termTimeOnly: Bool
    /// People expected, for venue capacity.
    public let attendance: Int
    /// Reminder lead times; nil means the organisation's defaults.
    public let reminders: [ISODuration]?
    /// Whether and when forums that have not answered are asked again; nil means the
    /// organisation's default.
    public let chase: Chase?
    /// Months without a date (a 5th Friday rule) are intended.
    public let allowEmptyMonths: Bool

    public init(
        id: String, title: String, description: String? = nil, recurrence: Recurrence, duration: ISODuration,
        venue: String?, online: String? = nil, invited: [String], priority: Int = 50,
        onClosed: ClosedDayPolicy = .skip, maxMoveDays: Int = 7, sameMonth: Bool = true,
        termTimeOnly: Bool = false, attendance: Int? = nil, reminders: [ISODuration]? = nil, chase: Chase? = nil,
        allowEmptyMonths: Bool = false
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.recurrence = recurrence
        self.duration = duration
        self.venue = venue
        self.online = online
        self.invited = invited.sorted()
        self.priority = priority
        self.onClosed = onClosed
        self.maxMoveDays = maxMoveDays
        self.sameMonth = sameMonth
        self.termTimeOnly = termTimeOnly
        self.attendance = attendance ?? MeetingSeries.defaultAttendance(invitedForums: invited.count)
        self.reminders = reminders?.sorted(by: >)
        self.chase = chase
        self.allowEmptyMonths = allowEmptyMonths
    }

    /// Two representatives per invited forum, plus four council officers.
    public static func defaultAttendance(invitedForums: Int) -> Int { invitedForums * 2 + 4 }

    /// The wall-clock start time of every occurrence.
    public var startTime: LocalTime { recurrence.start.time }

    /// The same series meeting to `recurrence` at `venue` (nil: online only), all else kept.
    public func with(recurrence: Recurrence, venue: String?) -> MeetingSeries {
        MeetingSeries(
            id: id, title: title, description: description, recurrence: recurrence, duration: duration, venue: venue,
            online: online, invited: invited, priority: priority, onClosed: onClosed, maxMoveDays: maxMoveDays,
            sameMonth: sameMonth, termTimeOnly: termTimeOnly, attendance: attendance, reminders: reminders, chase: chase,
            allowEmptyMonths: allowEmptyMonths)
    }
}

/// What a meeting does when its date is a bank holiday, a closure or (for
/// term-time-only series) a school holiday: Remind's SKIP, BEFORE and AFTER.
public enum ClosedDayPolicy: String, CaseIterable, Hashable, Sendable {
    /// Leave that occurrence out.
    case skip
    /// Move it to the nearest open day before.
    case before
    /// Move it to the nearest open day after.
    case after
}
