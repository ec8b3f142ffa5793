import ArgumentParser
import ConveneConfig
import ConveneCore
import ConveneDocuments
import ConveneProtocol
import FoundationEssentials

/// `convenectl schedule`: the month's meetings as Convene schedules them.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show the schedule: every meeting's date, time, venue, status and reason.",
        discussion: """
            With --config (or $CONVENE_CONFIG), works out the schedule from the \
            configuration alone (bank holidays, school terms, closures, clashes and \
            forums' availability), as the daemon does, but without coordinators' changes. \
            Without, asks the running daemon, whose schedule includes them. FORUMS shows \
            how many invited forums the slot suits out of how many are invited.

            With --json, prints one object {"occurrences":[…]} with RFC 3339 times, the \
            same document the daemon's GET /v1/schedule returns.

            EXAMPLES:
              convenectl schedule --config config/convened.toml --month 2027-05
              convenectl schedule --from 2027-01-01 --to 2027-12-31 --json
            """
    )

    @Option(help: ArgumentHelp("The month. Default: next month.", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("The first day, instead of --month.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("The last day, instead of --month.", valueName: "YYYY-MM-DD"))
    var to: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var daemon: DaemonSocketOption

    /// The same reading and limits as the daemon's (`ScheduleRange.parse`).
    func validate() throws {
        do {
            _ = try ScheduleRange.parse(month: month, from: from, to: to)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let document: ScheduleDocument
        let first: CivilDate
        let last: CivilDate
        if options.path.chosen {
            let configuration = try options.load()
            (first, last) = range(in: configuration.organisation.timeZone)
            document = ScheduleDocument(
                Scheduler(configuration: configuration).schedule(from: first, through: last),
                configuration: configuration)
        } else {
            // No configuration named: ask the daemon, whose schedule has the coordinators' changes.
            // Page by page (the daemon answers 500 meetings at a time) into one document.
            var query = try ScheduleQuery.parse(month: month, from: from, to: to)
            var all = ScheduleDocument(occurrences: [])
            while true {
                let (page, _) = try SocketOptions.call(
                    socket: SocketOptions.path(daemon.socket), "GET", ControlRoute.schedule.target(query: query.query()),
                    as: ScheduleDocument.self)
                all.occurrences += page.occurrences
                guard let next = page.nextCursor.flatMap(ScheduleCursor.init) else { break }
                query.cursor = next
            }
            document = all
            // The default month is this machine's: its zone from TZ, else /etc/localtime.
            (first, last) = range(in: .system)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(document)
            data.append(UInt8(ascii: "\n"))
            Output.standardOutput(data)
        } else {
            print(ScheduleTable().render(document, from: first, through: last), terminator: "")
        }
    }

    private func range(in zone: ZoneRules) -> (CivilDate, CivilDate) {
        if let from = from.flatMap(CivilDate.init), let to = to.flatMap(CivilDate.init) { return (from, to) }
        let first = month.flatMap(DatesCommand.parse) ?? DatesCommand.nextMonth(in: zone)
        return (
            first,
            CivilDate(year: first.year, month: first.month, day: CivilDate.daysInMonth(year: first.year, month: first.month))!
        )
    }
}
