import ArgumentParser
import ConveneConfig
import ConveneCore
import FoundationEssentials

/// `--config`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The main configuration file.", discussion: "Default: $CONVENE_CONFIG, or /etc/convened/convened.toml.",
            valueName: "path"))
    var config: String?

    static let installedPath = "/etc/convened/convened.toml"

    /// The path to use, and whether the user chose it (explicitly or by environment).
    var path: (String, chosen: Bool) {
        if let config { return (config, true) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CONVENE_CONFIG"], !fromEnvironment.isEmpty {
            return (fromEnvironment, true)
        }
        return (Self.installedPath, false)
    }

    /// Loads the configuration, printing its errors and warnings to stderr; exits 1 on errors.
    func load() throws -> Configuration {
        let result = ConfigurationLoader(mainFile: path.0).load()
        for diagnostic in result.diagnostics { Output.error("\(diagnostic)") }
        guard let configuration = result.configuration else {
            Output.error(
                "\(path.0): \(result.errors.count) error\(result.errors.count == 1 ? "" : "s"); the configuration was not used")
            throw ExitCode(1)
        }
        return configuration
    }

    /// The configuration if one was chosen or is installed; nil when there is none to use.
    func loadIfPresent() throws -> Configuration? {
        let (path, chosen) = path
        guard chosen || FileManager.default.fileExists(atPath: path) else { return nil }
        return try load()
    }
}
