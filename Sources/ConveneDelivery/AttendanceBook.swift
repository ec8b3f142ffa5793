import ConveneCore
import ConveneProtocol
import ConveneStore

/// Who could come to each meeting, from the schedule and the ledger: pure, so the
/// daemon and the tests work it out the same way.
///
/// A forum's current answer to a meeting is its latest answer given at the SEQUENCE it
/// was last told of, or later: a move asks again, so an answer to the meeting as it was
/// stays in the record as history, and the forum counts as not yet answered.
public enum AttendanceBook {
    /// The attendance of `occurrences` (those that take place), one entry per invited
    /// forum (only `forum`'s when given), reasons only when `reasons`.
    public static func document(
        _ occurrences: [Occurrence], ledger: AttendanceLedger, zone: ZoneRules, reasons: Bool, forum: String? = nil
    ) -> AttendanceDocument {
        let byMeeting = Dictionary(grouping: ledger.answers, by: \.occurrence)
        var totals = AttendanceDocument.Totals()
        var record = forum.map { AttendanceDocument.ForumRecord(forum: $0, invited: 0, answered: 0, coming: 0, came: 0) }
        var meetings: [AttendanceDocument.Meeting] = []
        for occurrence in occurrences where occurrence.takesPlace {
            let invited = occurrence.invited.filter { forum == nil || $0 == forum }
            if forum != nil && invited.isEmpty { continue }
            let answers = byMeeting[occurrence.uid] ?? []
            var counts = AttendanceDocument.Counts()
            var entries: [AttendanceDocument.Entry] = []
            for invitee in invited {
                let told = ledger.told[occurrence.uid]?[invitee] ?? 0
                let given = answers.filter { $0.forum == invitee }
                let current = given.last { $0.sequence >= told }
                let word = current.map { Self.word($0.answer) } ?? AttendanceDocument.Word.noAnswer
                counts.count(word)
                if let current {
                    entries.append(entry(current, current: true, zone: zone, reasons: reasons))
                } else {
                    entries.append(
                        .init(
                            forum: invitee, answer: .noAnswer, reason: nil, answeredAt: nil, via: nil, sequence: nil,
                            current: true))
                }
                for earlier in given.reversed() where earlier != current {
                    entries.append(entry(earlier, current: false, zone: zone, reasons: reasons))
                }
            }
            let attended = ledger.attended[occurrence.uid].map { recorded in
                AttendanceDocument.Attended(
                    came: recorded.came.filter { forum == nil || $0 == forum },
                    apologies: recorded.apologies.filter { forum == nil || $0 == forum },
                    recordedAt: zone.zoned(instant: recorded.recordedAt).rfc3339)
            }
            totals.meetings += 1
            totals.invited += invited.count
            totals.accepted += counts.accepted
            totals.declined += counts.declined
            totals.tentative += counts.tentative
            totals.noAnswer += counts.noAnswer
            totals.came += attended?.came.count ?? 0
            totals.apologies += attended?.apologies.count ?? 0
            if record != nil {
                record!.invited += 1
                record!.answered += counts.noAnswer == 0 ? 1 : 0
                record!.coming += counts.accepted
                record!.came += attended?.came.count ?? 0
            }
            meetings.append(
                .init(
                    uid: occurrence.uid, title: occurrence.title, start: occurrence.start.rfc3339, counts: counts,
                    answers: entries, attended: attended))
        }
        return AttendanceDocument(meetings: meetings, totals: totals, forum: record, reasonsShown: reasons)
    }

    static func word(_ answer: Answer) -> AttendanceDocument.Word {
        switch answer {
        case .accepted: .accepted
        case .declined: .declined
        case .tentative: .tentative
        }
    }

    static func entry(_ answer: AnswerEntry, current: Bool, zone: ZoneRules, reasons: Bool) -> AttendanceDocument.Entry {
        .init(
            forum: answer.forum, answer: word(answer.answer), reason: reasons ? answer.reason : nil,
            answeredAt: zone.zoned(instant: answer.answeredAt).rfc3339, via: answer.via, sequence: answer.sequence,
            current: current)
    }
}
