import ConveneCore
import ConveneProtocol

/// The schedule as an aligned table no wider than 100 columns, under a heading per
/// month; long titles and venues are shortened with "…", reasons wrap in their column.
/// Drawn from the schedule's JSON document, so the offline schedule and the daemon's
/// look the same.
struct ScheduleTable {
    static let width = 100
    /// DATE, TIME, MEETING, VENUE, FORUMS, STATUS; REASON takes the rest.
    static let columns = [("DATE", 10), ("TIME", 11), ("MEETING", 22), ("VENUE", 14), ("FORUMS", 6), ("STATUS", 9)]

    func render(_ schedule: ScheduleDocument, from: CivilDate, through: CivilDate) -> String {
        var lines: [String] = []
        let reasonWidth = Self.width - Self.columns.reduce(0) { $0 + $1.1 + 1 }
        let header = Self.columns.map { Self.fit($0.0, $0.1) }.joined(separator: " ") + " REASON"
        var month: (Int, Int)?
        for occurrence in schedule.occurrences {
            // RFC 3339 with the organisation's offset: the first 16 characters are wall time.
            guard let start = LocalDateTime(String(occurrence.start.prefix(16))),
                let end = LocalDateTime(String(occurrence.end.prefix(16)))
            else { continue }
            if month.map({ $0 != (start.date.year, start.date.month) }) ?? true {
                month = (start.date.year, start.date.month)
                if !lines.isEmpty { lines.append("") }
                lines.append("\(DayText.monthName(start.date.month)) \(start.date.year)")
                lines.append(header)
            }
            let invited = occurrence.forums.count
            let takesPlace =
                occurrence.status == Occurrence.Status.scheduled.rawValue
                || occurrence.status == Occurrence.Status.moved.rawValue
            let cells = [
                DayText.day(start.date),
                "\(DayText.time(start.time))–\(DayText.time(end.time))",
                occurrence.title,
                occurrence.venueName ?? "online",
                takesPlace ? "\(invited - occurrence.cannotAttend.count)/\(invited)" : "-/\(invited)",
                occurrence.status,
            ]
            let row = zip(cells, Self.columns).map { Self.fit($0, $1.1) }.joined(separator: " ")
            let reason = ([occurrence.reason] + occurrence.conflicts.map { "Conflict: \($0)" }).compactMap { $0 }
                .joined(separator: " ")
            let wrapped = Self.wrap(reason, width: reasonWidth)
            lines.append((row + " " + (wrapped.first ?? "")).trimmingTrailingSpaces())
            let indent = String(repeating: " ", count: Self.width - reasonWidth)
            for more in wrapped.dropFirst() { lines.append(indent + more) }
        }
        if schedule.occurrences.isEmpty {
            lines.append("No meetings from \(DayText.dayWithYear(from)) to \(DayText.dayWithYear(through)).")
        } else {
            let counts = Occurrence.Status.allCases.compactMap { status -> String? in
                let n = schedule.occurrences.filter { $0.status == status.rawValue }.count
                return n == 0 ? nil : "\(n) \(status.rawValue)"
            }
            lines.append("")
            lines.append(
                "\(schedule.occurrences.count) meeting\(schedule.occurrences.count == 1 ? "" : "s"): "
                    + counts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pads or shortens (with "…") to exactly `width` characters.
    static func fit(_ text: String, _ width: Int) -> String {
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }

    /// Word-wraps to `width`, breaking words longer than a line.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            while word.count > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
