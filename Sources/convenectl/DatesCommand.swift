import ArgumentParser
import ConveneCore
import FoundationEssentials

/// `convenectl dates`: what each series' rule gives in a month, before closed days
/// and clashes are taken into account.
struct DatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dates",
        abstract: "List the meeting dates the configured rules give in a month.",
        discussion: """
            One line per meeting, in time order: START<TAB>END<TAB>SERIES<TAB>TITLE, \
            with RFC 3339 times in the organisation's zone. These are the rules' own \
            dates, before bank holidays, school holidays, closures and clashes move or \
            skip any of them.

            EXAMPLES:
              convenectl dates --config config/convened.toml
              convenectl dates --month 2027-05
            """
    )

    @Option(help: ArgumentHelp("The month. Default: next month.", valueName: "YYYY-MM"))
    var month: String?

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if let month, Self.parse(month) == nil { throw ValidationError("--month \"\(month)\" is not a month like 2027-03") }
    }

    func run() throws {
        let configuration = try options.load()
        let zone = configuration.organisation.timeZone
        let first = month.flatMap(Self.parse) ?? Self.nextMonth(in: zone)
        let next = CivilDate(year: first.month == 12 ? first.year + 1 : first.year, month: first.month % 12 + 1, day: 1)!
        let from = zone.resolve(LocalDateTime(date: first, time: .midnight)).instant
        let to = zone.resolve(LocalDateTime(date: next, time: .midnight)).instant
        var rows: [(ZonedDateTime, MeetingSeries)] = []
        for series in configuration.series {
            for start in series.recurrence.occurrences(in: zone, from: from, to: to) { rows.append((start, series)) }
        }
        rows.sort { ($0.0, $0.1.id) < ($1.0, $1.1.id) }
        for (start, series) in rows {
            let end = zone.adding(series.duration, to: start)
            print("\(start.rfc3339)\t\(end.rfc3339)\t\(series.id)\t\(series.title)")
        }
    }

    static func parse(_ text: String) -> CivilDate? { CivilDate(text + "-01") }

    static func nextMonth(in zone: ZoneRules) -> CivilDate {
        let today = zone.zoned(instant: Int(Date().timeIntervalSince1970)).local.date
        return CivilDate(year: today.month == 12 ? today.year + 1 : today.year, month: today.month % 12 + 1, day: 1)!
    }
}
