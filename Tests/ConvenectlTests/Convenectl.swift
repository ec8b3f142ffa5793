import ConveneTestSupport
import Foundation

/// The built `convenectl`, started as a user's shell would start it.
///
/// Help is wrapped to the terminal width, so every run gets `COLUMNS=80`: the width
/// help falls back to when stdout is not a terminal, fixed so that a developer's own
/// `COLUMNS` cannot change the text. `CONVENE_CONFIG` is removed unless a test sets it,
/// so no configuration is chosen behind a test's back.
enum Convenectl {
    /// Where the daemon's configuration is installed; commands fall back to it.
    static let installedConfig = "/etc/convened/convened.toml"

    /// Whether this machine has an installed configuration that commands would read.
    static var hasInstalledConfig: Bool { FileManager.default.fileExists(atPath: installedConfig) }

    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        configEnvironment: String? = nil,
        in directory: URL? = nil
    ) throws -> Subprocess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["CONVENE_CONFIG"] = configEnvironment
        environment["COLUMNS"] = "80"
        environment["LINES"] = "25"
        return try Subprocess.run(
            RepositoryPaths.executable("convenectl"), arguments,
            stdin: stdin, environment: environment, currentDirectory: directory)
    }

    /// The first line of some output, with its line feed: check-config's summary.
    static func firstLine(_ output: String) -> String {
        output.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0 + "\n" } ?? ""
    }

    /// Output as the commands print it: each line ended by a line feed.
    static func lines(_ each: String...) -> String { lines(each) }

    static func lines(_ each: [String]) -> String { each.map { $0 + "\n" }.joined() }
}
