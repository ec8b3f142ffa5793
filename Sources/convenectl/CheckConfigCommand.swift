import ArgumentParser
import ConveneConfig
import ConveneCore

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
            no errors (printing a summary to stdout), 1 when there are.

            EXAMPLES:
              convenectl check-config --config /etc/convened/convened.toml
              convenectl check-config --config config/convened.toml 2>&1 | grep error
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let path = options.path.0
        let result = ConfigurationLoader(mainFile: path).load()
        for diagnostic in result.diagnostics { Output.error("\(diagnostic)") }
        guard let configuration = result.configuration else {
            let count = result.errors.count
            Output.error("\(path): \(count) error\(count == 1 ? "" : "s"), \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s"); the configuration cannot be used")
            throw ExitCode(1)
        }
        let warnings = result.warnings.count
        print("\(path): OK: \(configuration.forums.count) forums, \(configuration.series.count) meeting series, "
              + "\(configuration.venues.count) venues, \(result.files.count) files, "
              + "\(warnings) warning\(warnings == 1 ? "" : "s")")
    }
}
