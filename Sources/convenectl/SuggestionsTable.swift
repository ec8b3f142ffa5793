import ConveneCore
import ConveneProtocol

/// Suggestions as a coordinator reads them: one table with the current slot first,
/// then each suggestion in words (which forums gain and lose, who still cannot come and
/// why, what else moves) and the lines to put in the series' file.
struct SuggestionsTable {
    static let width = 100

    func render(_ document: SuggestionsDocument) -> String {
        let current = document.current
        var lines: [String] = []
        let months = document.months == 1 ? "1 month" : "\(document.months) months"
        lines.append(
            "\(document.title): \(current.invited) forums invited; \(document.tried) slots tried over \(months) from \(monthText(document.from))."
        )
        lines.append("ABLE is the average number of invited forums able to come to a meeting; WORST the fewest at any one.")
        lines.append("")
        let table = TextTable(columns: ["", "DAY", "TIME", "VENUE", "ABLE", "WORST", "MOVED", "LOST", "PUSHED ASIDE"])
        for (label, slot) in [("now", current)] + document.suggestions.enumerated().map({ ("\($0.offset + 1)", $0.element) }) {
            table.add([
                label, slot.day, times(slot), slot.venueName ?? "online",
                able(slot) + "/\(slot.invited)", "\(slot.answers?.forumsAbleWorst ?? slot.forumsAbleWorst)", "\(slot.moved)",
                "\(slot.unplaced + slot.skipped)", "\(slot.displaces.count)",
            ])
        }
        lines.append(table.render(width: Self.width).trimmingTrailingNewline())
        if current.answers != nil {
            lines.append("")
            lines.append("ABLE and WORST count what forums' past answers show they cannot do as well as their stated hours.")
        }
        if !current.cannotAttend.isEmpty || current.answers.map({ !$0.cannotAttend.isEmpty }) ?? false {
            lines.append("")
            lines.append("Now, \(current.when), \(times(current)):")
            for cannot in current.cannotAttend {
                lines += paragraph("\(name(cannot.forum, document)) cannot come to \(meetings(cannot)): they are \(cannot.why).")
            }
            lines += learned(current, document)
        }
        if current.monthly.isEmpty {
            lines.append("")
            lines.append("The series has no meetings in these months, so there is nothing to compare.")
        } else if document.suggestions.isEmpty {
            lines.append("")
            lines.append("No other slot does better: more forums able to come, or fewer meetings lost or pushed aside.")
        }
        for (index, slot) in document.suggestions.enumerated() {
            lines.append("")
            lines += describe(slot, number: index + 1, current: current, document: document)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "10:00–12:00"; "23:00–00:30 next day" for a meeting past midnight.
    private func times(_ slot: SuggestionsDocument.Slot) -> String {
        "\(slot.start)–\(slot.end)" + (slot.end < slot.start ? " next day" : "")
    }

    /// The average as the table shows it: with the second score when there is one.
    private func able(_ slot: SuggestionsDocument.Slot) -> String {
        Self.number(slot.answers?.forumsAbleAverage ?? slot.forumsAbleAverage)
    }

    private func describe(
        _ slot: SuggestionsDocument.Slot, number: Int, current: SuggestionsDocument.Slot, document: SuggestionsDocument
    ) -> [String] {
        var lines = ["\(number). \(slot.when.capitalisedFirst), \(times(slot)), \(slot.venueName ?? "online")"]
        func add(_ text: String) { lines += paragraph(text) }
        add(
            "\(able(slot)) of \(slot.invited) forums able to come on average (now \(able(current))), "
                + "\(slot.answers?.forumsAbleWorst ?? slot.forumsAbleWorst) at worst (now "
                + "\(current.answers?.forumsAbleWorst ?? current.forumsAbleWorst)).")
        if !slot.gains.isEmpty { add("Gains: " + slot.gains.map { name($0, document) }.joined(separator: ", ") + ".") }
        // Who still cannot come for the same reason as now is named; anyone else is told why.
        let before = Set(current.cannotAttend.map { $0.forum + "\u{0}" + $0.why })
        let still = slot.cannotAttend.filter { before.contains($0.forum + "\u{0}" + $0.why) }
        let new = slot.cannotAttend.filter { !before.contains($0.forum + "\u{0}" + $0.why) }
        if !new.isEmpty {
            add(
                "Cannot come: "
                    + new.map { "\(name($0.forum, document)) to \(meetings($0)): they are \($0.why)" }.joined(separator: "; ")
                    + ".")
        }
        if !still.isEmpty { add("Still cannot come: " + still.map { name($0.forum, document) }.joined(separator: ", ") + ".") }
        lines += learned(slot, document)
        if slot.moved > 0 { add("\(slot.moved) of its meetings would move to another day or venue.") }
        let lost = slot.unplaced + slot.skipped
        if lost > 0 { add("\(lost) of its meetings would not take place (closed days or no free slot).") }
        // Meetings of one series lost for the same reason are told together.
        var told = Set<Int>()
        for (index, displaced) in slot.displaces.enumerated() where !told.contains(index) {
            if displaced.status == "moved" || displaced.status == "scheduled" {
                add(
                    "Pushes aside: \(displaced.title) on \(dayAndTime(displaced.was)) would move to \(dayAndTime(displaced.now))"
                        + (displaced.reason.map { ". \($0)" } ?? "") + ".")
                continue
            }
            let alike = slot.displaces.indices.filter { other in
                !told.contains(other) && slot.displaces[other].title == displaced.title
                    && slot.displaces[other].status == displaced.status && slot.displaces[other].reason == displaced.reason
            }
            told.formUnion(alike)
            let days = EnglishList.joined(alike.map { dayAndTime(slot.displaces[$0].was) })
            // The reason starts with the status ("Unplaced: …"), which the sentence says in words.
            var reason = displaced.reason ?? ""
            if let colon = reason.firstIndex(of: ":"), reason[..<colon].lowercased() == displaced.status {
                reason = String(reason[reason.index(after: colon)...].drop { $0 == " " })
            }
            add(
                "Pushes aside: \(displaced.title) on \(days) would not take place" + (reason.isEmpty ? "" : ": \(reason)")
                    + ".")
        }
        let keys =
            (slot.rule.isEmpty ? [] : ["rrule = \"\(slot.rule)\""]) + ["dtstart = \(slot.dtstart)", "start = \"\(slot.start)\""]
            + (slot.venue.map { ["venue = \"\($0)\""] } ?? [])
        add("To use it, in the series' file: " + keys.joined(separator: ", ") + ".")
        if document.exceptions > 0 {
            add("Its file's rdate and exdate lines name dates of the current slot: change or remove them too.")
        }
        return lines
    }

    /// What forums' answers show they cannot do at a slot, with the answers.
    private func learned(_ slot: SuggestionsDocument.Slot, _ document: SuggestionsDocument) -> [String] {
        var lines: [String] = []
        for cannot in slot.answers?.cannotAttend ?? [] {
            lines += paragraph("\(name(cannot.forum, document)) \(cannot.why), so probably cannot come to \(meetings(cannot)).")
            for answer in cannot.answers ?? [] {
                let word = answer.answer == "declined" ? "apologies" : answer.answer == "accepted" ? "coming" : "maybe"
                lines += paragraph(
                    "  \(dayAndTime(answer.start)), \(answer.title): \(word)\(answer.reason.map { " (\($0))" } ?? "")")
            }
        }
        return lines
    }

    /// Wrapped and indented under a suggestion's heading.
    private func paragraph(_ text: String) -> [String] {
        ScheduleTable.wrap(text, width: Self.width - 3).map { "   " + $0 }
    }

    private func name(_ id: String, _ document: SuggestionsDocument) -> String { document.forumNames[id] ?? id }

    /// "Tue 9 Mar 10:00" from an RFC 3339 time (its first 16 characters are wall time).
    private func dayAndTime(_ rfc3339: String) -> String {
        guard let local = LocalDateTime(String(rfc3339.prefix(16))) else { return rfc3339 }
        return "\(DayText.day(local.date)) \(DayText.time(local.time))"
    }

    private func meetings(_ cannot: SuggestionsDocument.CannotAttend) -> String {
        cannot.meetings == cannot.of ? "any of the \(cannot.of) meetings" : "\(cannot.meetings) of the \(cannot.of) meetings"
    }

    private func monthText(_ month: String) -> String {
        guard let parsed = CalendarMonth(month) else { return month }
        return "\(DayText.monthName(parsed.month)) \(parsed.year)"
    }

    /// 18 as "18", 18.5 as "18.5", 18.45 as "18.45".
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension String {
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }

    fileprivate func trimmingTrailingNewline() -> String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
