import ConveneCore
import ConveneProtocol

extension SuggestionsDocument {
    /// The suggestions as `convenectl suggest --json` and `GET /v1/series/{id}/suggestions`
    /// show them; apologies' reasons only when `reasons`.
    public init(_ suggester: SlotSuggester, _ found: SlotSuggestions, months: Int, reasons: Bool) {
        let (current, suggestions) = (found.current, found.suggestions)
        let configuration = suggester.configuration
        let zone = configuration.organisation.timeZone
        func slot(_ appraisal: SlotAppraisal) -> Slot {
            let pattern = appraisal.pattern
            let (gains, loses) = appraisal.change(from: current)
            return Slot(
                rule: pattern.rule?.description ?? "", dtstart: pattern.dtstart.date.description,
                start: DayText.time(pattern.start), end: DayText.time(appraisal.end), when: pattern.dayText,
                day: pattern.shortDayText,
                venue: pattern.venue, venueName: pattern.venue.flatMap { configuration.venue($0)?.name },
                forumsAbleAverage: Self.hundredths(appraisal.forumsAbleAverage), forumsAbleWorst: appraisal.forumsAbleWorst,
                invited: appraisal.invited,
                cannotAttend: appraisal.cannotAttend.map {
                    CannotAttend(forum: $0.forum, why: $0.why, meetings: $0.meetings, of: $0.held)
                },
                moved: appraisal.moved, unplaced: appraisal.unplaced, skipped: appraisal.skipped,
                displaces: appraisal.displaces.map { displaced in
                    Displaced(
                        series: displaced.after.series, title: displaced.after.title, uid: displaced.after.uid,
                        was: displaced.before.start.rfc3339, now: displaced.after.start.rfc3339,
                        status: displaced.after.status.rawValue, reason: displaced.after.reason)
                },
                gains: gains, loses: loses,
                monthly: appraisal.months.map {
                    Month(
                        month: CalendarMonth(year: $0.year, month: $0.month)!.description, meetings: $0.meetings,
                        forumsAble: Self.hundredths($0.forumsAble))
                },
                answers: appraisal.answers.map { score in
                    AnswerScore(
                        forumsAbleAverage: Self.hundredths(score.forumsAbleAverage), forumsAbleWorst: score.forumsAbleWorst,
                        cannotAttend: score.cannotAttend.map { shortfall in
                            CannotAttend(
                                forum: shortfall.forum, why: shortfall.why, meetings: shortfall.meetings, of: shortfall.held,
                                answers: shortfall.answers.map { answer in
                                    PastAnswer(
                                        title: answer.title, start: zone.resolve(answer.start).rfc3339,
                                        answer: answer.answer.rawValue, reason: reasons ? answer.reason : nil)
                                })
                        })
                })
        }
        let slots = [slot(current)] + suggestions.map(slot)
        var mentioned = Set<String>()
        for slot in slots {
            mentioned.formUnion(slot.cannotAttend.map(\.forum) + slot.gains + slot.loses)
            mentioned.formUnion(slot.answers?.cannotAttend.map(\.forum) ?? [])
        }
        let first = suggester.from
        self.init(
            series: suggester.series.id, title: suggester.series.title,
            from: CalendarMonth(year: first.year, month: first.month)!.description, months: months, current: slots[0],
            suggestions: Array(slots.dropFirst()), tried: found.tried,
            exceptions: suggester.series.recurrence.additions.count + suggester.series.recurrence.exclusions.count,
            forumNames: Dictionary(
                uniqueKeysWithValues: mentioned.compactMap { id in configuration.forum(id).map { (id, $0.name) } }),
            reasonsShown: reasons)
    }

    /// To a hundredth: 18.454545… forums read as 18.45.
    static func hundredths(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
