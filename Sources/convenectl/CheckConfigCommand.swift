import ArgumentParser
import ConveneConfig
import ConveneCore
import FoundationEssentials

/// `convenectl check-config`: validates the configuration without using it.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration files and report every problem.",
        discussion: """
            Reads the main file, its conf.d/ drop-ins, the term dates, forums/ and \
            meetings/, and prints each problem on its own line to stderr:

              FILE:LINE:COLUMN: error: KEY.PATH: MESSAGE

            Warnings do not make the configuration unusable. Exits 0 when there are \
            no errors, 1 when there are. A usable configuration is then scheduled for \
            the next 12 months, and every meeting that would not take place is listed \
            on stdout (skipped on a closed day, or unplaced); an unplaced one is also a \
            warning, as it usually needs a coordinator.

            EXAMPLES:
              convenectl check-config --config /etc/convened/convened.toml
              convenectl check-config --config config/convened.toml 2>&1 | grep error
            """
    )

    @Option(help: ArgumentHelp("The first day of the 12 months checked. Default: today.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Flag(
        help: ArgumentHelp(
            "Check as convened does when it starts or reloads.",
            discussion: "A configuration with no forums (what a fresh package installs) is then an error, "
                + "as the daemon does not start on one."))
    var asDaemon = false

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if let from, CivilDate(from) == nil { throw ValidationError("--from \"\(from)\" is not a date like 2027-01-31") }
    }

    func run() throws {
        let path = options.path.0
        let loader = ConfigurationLoader(mainFile: path)
        let result = asDaemon ? loader.load().requiringForums(mainFile: path) : loader.load()
        for diagnostic in result.diagnostics { Output.error("\(diagnostic)") }
        guard let configuration = result.configuration else {
            let count = result.errors.count
            Output.error(
                "\(path): \(count) error\(count == 1 ? "" : "s"), \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s"); the configuration cannot be used"
            )
            throw ExitCode(1)
        }
        let zone = configuration.organisation.timeZone
        let first = from.flatMap(CivilDate.init) ?? zone.zoned(instant: Int(Date().timeIntervalSince1970)).local.date
        let last = CivilDate(year: first.year + 1, month: first.month, day: 1)!.adding(days: first.day - 2)
        let missed = Scheduler(configuration: configuration).schedule(from: first, through: last).occurrences
            .filter { !$0.takesPlace }
        let unplaced = missed.filter { $0.status == .unplaced }
        for occurrence in unplaced {
            Output.error(
                "\(loader.seriesFile(occurrence.series)): warning: \(DayText.dayWithYear(occurrence.ruleStart.local.date)) "
                    + "is unplaced: \(occurrence.reason ?? "")")
        }
        let warnings = result.warnings.count + unplaced.count
        print(
            "\(path): OK: \(configuration.forums.count) forums, \(configuration.series.count) meeting series, "
                + "\(configuration.venues.count) venues, \(result.files.count) files, "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")")
        print("\(first) to \(last): \(missed.count) meeting\(missed.count == 1 ? "" : "s") will not take place")
        for occurrence in missed {
            print(
                "  \(occurrence.ruleStart.local.date)  \(occurrence.series): \(occurrence.reason ?? occurrence.status.rawValue)")
        }
    }
}
