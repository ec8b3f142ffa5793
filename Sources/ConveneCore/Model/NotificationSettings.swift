/// When forums are told about meetings, unless a series says otherwise.
public struct NotificationSettings: Hashable, Sendable {
    /// Invitations for a month go out this many days before it starts.
    public let publishDaysBeforeMonth: Int
    /// Reminders before each meeting, longest first.
    public let reminders: [ISODuration]
    /// A "Can you come?" message to each forum that has not answered.
    public let chase: Chase

    public init(
        publishDaysBeforeMonth: Int = 14, reminders: [ISODuration] = [ISODuration(days: 14), ISODuration(days: 2)],
        chase: Chase = .never
    ) {
        self.publishDaysBeforeMonth = publishDaysBeforeMonth
        self.reminders = reminders.sorted(by: >)
        self.chase = chase
    }
}

/// Constraints the scheduler applies to every series.
public struct SchedulingSettings: Hashable, Sendable {
    /// Time a forum needs between meetings at venues in different districts.
    public let travelGap: ISODuration

    public init(travelGap: ISODuration = ISODuration(seconds: 45 * 60)) {
        self.travelGap = travelGap
    }
}
