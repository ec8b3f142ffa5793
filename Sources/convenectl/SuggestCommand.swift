import ArgumentParser
import ConveneConfig
import ConveneCore
import ConveneDocuments
import ConveneProtocol
import FoundationEssentials

/// `convenectl suggest`: slots where more invited forums could come to a series.
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest slots for a meeting series that more invited forums could attend.",
        discussion: """
            Tries the series on every other day of its kind (for "the 2nd Tuesday of the \
            month", every weekday from the 1st to the 4th and the last), at every quarter \
            hour inside the invited forums' hours, and at other suitable venues in its \
            district. Each slot is scheduled over the months with everything else, as the \
            daemon would (closed days, clashes by priority, travel between districts), and \
            ranked by how many invited forums could come. Nothing is changed.

            With --config (or $CONVENE_CONFIG), works from the configuration alone. \
            Without, asks the running daemon, which also counts coordinators' changes and \
            what forums' past answers show they cannot do.

            With --json, prints the daemon's document: {"series","current":{…},"suggestions":[…]}.

            EXAMPLES:
              convenectl suggest stakeholder-forum --config config/convened.toml
              convenectl suggest stakeholder-forum --months 6 --top 3 --json
            """
    )

    @Argument(help: ArgumentHelp("The meeting series' id (its file name in meetings/).", valueName: "series"))
    var series: String

    @Option(help: ArgumentHelp("How many months to try each slot over (1–24).", valueName: "N"))
    var months = 12

    @Option(help: ArgumentHelp("How many suggestions to show (1–50).", valueName: "K"))
    var top = 5

    @Option(help: ArgumentHelp("The first month. Default: next month.", valueName: "YYYY-MM"))
    var from: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var options: ConfigOptions

    @OptionGroup var daemon: DaemonSocketOption

    func validate() throws {
        do {
            _ = try SuggestionQuery.parse(months: String(months), top: String(top), from: from)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let query = try SuggestionQuery.parse(months: String(months), top: String(top), from: from)
        let document: SuggestionsDocument
        if options.path.chosen {
            let configuration = try options.load()
            let first =
                query.from.map { CivilDate(year: $0.year, month: $0.month, day: 1)! }
                ?? DatesCommand.nextMonth(in: configuration.organisation.timeZone)
            guard
                let suggester = SlotSuggester(
                    configuration: configuration, series: series, from: first, months: query.months)
            else {
                Output.error("convenectl: no meeting series \"\(series)\" in \(options.path.0)")
                throw ExitCode(5)
            }
            let found = suggester.suggestions(top: query.top) { count, body in
                ConcurrentWork.run(count: count, threads: ConcurrentWork.processors, body)
            }
            document = SuggestionsDocument(suggester, found, months: query.months, reasons: false)
        } else {
            (document, _) = try SocketOptions.call(
                socket: SocketOptions.path(daemon.socket), "GET", ControlRoute.suggestions.target(series, query: query.query()),
                as: SuggestionsDocument.self)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(document)
            data.append(UInt8(ascii: "\n"))
            Output.standardOutput(data)
        } else {
            Output.standardOutput(Array(SuggestionsTable().render(document).utf8))
        }
    }
}
