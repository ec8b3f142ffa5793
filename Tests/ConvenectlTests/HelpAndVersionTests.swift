import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct HelpAndVersionTests {
    /// The commands whose help users read, as the arguments that name them.
    static let commands: [[String]] = [
        [], ["check-config"], ["schedule"], ["expand"], ["holidays"], ["dates"], ["status"], ["forums"], ["forum"],
        ["cancel"], ["move"], ["restore"], ["notifications"], ["reload"], ["export"],
    ]

    @Test func versionPrintsOneSemanticVersionLine() throws {
        let result = try Convenectl.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\n/) != nil, "\(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    @Test func everySubcommandReportsTheSameVersionAsTheRoot() throws {
        let root = try Convenectl.run(["--version"]).stdout
        for command in Self.commands.dropFirst() {
            let result = try Convenectl.run(command + ["--version"])
            #expect(result.status == 0)
            #expect(result.stdout == root, "\(command)")
        }
    }

    @Test(arguments: commands)
    func helpHasOverviewUsageAndExamples(_ command: [String]) throws {
        let result = try Convenectl.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OVERVIEW: "))
        #expect(result.stdout.contains("\nUSAGE: convenectl \((command + [""]).joined(separator: " "))"))
        let examples = try #require(result.stdout.range(of: "\n\nEXAMPLES:\n"))
        let firstExample = result.stdout[examples.upperBound...].prefix { $0 != "\n" }
        #expect(firstExample.hasPrefix("  convenectl \(command.first ?? "")"))
    }

    @Test(arguments: commands.dropFirst())
    func helpSubcommandPrintsTheSameTextAsHelpFlag(_ command: [String]) throws {
        let flag = try Convenectl.run(command + ["--help"])
        let subcommand = try Convenectl.run(["help"] + command)
        #expect(subcommand.status == 0)
        #expect(subcommand.stdout == flag.stdout)
    }

    /// To regenerate after changing a command's help on purpose, from the package root:
    ///
    ///     swift build --product convenectl
    ///     for c in expand cancel move; do
    ///         COLUMNS=80 .build/debug/convenectl $c --help > Tests/ConvenectlTests/Expected/$c-help.txt
    ///     done
    ///
    /// and read the diff before committing it.
    @Test(arguments: ["expand", "cancel", "move"])
    func helpMatchesTheStoredText(_ command: String) throws {
        let expectedURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("Expected/\(command)-help.txt")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let result = try Convenectl.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == expected)
    }
}
