/// When notifications fall due: publication, and the lead times of reminders and chasers.
extension NotificationPlanner {
    /// 09:00, `publish_days_before_month` days before the 1st of the meeting's month. A
    /// meeting that starts before its month is published (early on the 1st, with 0
    /// days) is published with the month before, so it is never left uninvited.
    func publication(of occurrence: Occurrence) -> Int {
        let date = occurrence.start.local.date
        let month = publication(ofMonthHolding: date)
        guard month >= occurrence.start.instant else { return month }
        return publication(ofMonthHolding: CivilDate(year: date.year, month: date.month, day: 1)!.adding(days: -1))
    }

    /// When the month holding `day` is published.
    private func publication(ofMonthHolding day: CivilDate) -> Int {
        let first = CivilDate(year: day.year, month: day.month, day: 1)!
        let published = first.adding(days: -configuration.notifications.publishDaysBeforeMonth)
        return configuration.organisation.timeZone.resolve(LocalDateTime(date: published, time: Self.publicationTime)).instant
    }

    /// The series' lead times, or the organisation's.
    func leads(for occurrence: Occurrence) -> [ISODuration] {
        configuration.series(occurrence.series)?.reminders ?? configuration.notifications.reminders
    }

    /// The series' chase lead time, or the organisation's; nil when it chases no one.
    func chaseLead(for occurrence: Occurrence) -> ISODuration? {
        (configuration.series(occurrence.series)?.chase ?? configuration.notifications.chase).lead
    }

    /// Whether any meeting chases forums: if none does, who answered makes no difference
    /// to a plan and need not be read.
    public var chases: Bool {
        configuration.notifications.chase.lead != nil || configuration.series.contains { $0.chase?.lead != nil }
    }

    /// `lead` before the start: nominal days on the wall clock, then exact time.
    func reminderTime(_ occurrence: Occurrence, _ lead: ISODuration) -> Int {
        let zone = configuration.organisation.timeZone
        let start = occurrence.start
        let shifted =
            lead.days == 0
            ? start.instant
            : zone.resolve(wallSeconds: start.instant + start.offset - lead.days * 86_400).instant
        return shifted - lead.seconds
    }
}
