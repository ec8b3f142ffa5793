import ConveneTestSupport
import Foundation
import Testing

@Suite struct HelpAndVersionTests {
    /// The commands whose help users read, as the arguments that name them.
    static let commands: [[String]] = [[], ["check-config"], ["schedule"], ["expand"], ["holidays"], ["dates"]]

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

    /// To regenerate after changing expand's help on purpose, from the package root:
    ///
    ///     swift build --product convenectl
    ///     COLUMNS=80 .build/debug/convenectl expand --help > Tests/ConvenectlTests/Expected/expand-help.txt
    ///
    /// and read the diff before committing it.
    @Test func expandHelpMatchesTheStoredText() throws {
        let expectedURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .appendingPathComponent("Expected/expand-help.txt")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let result = try Convenectl.run(["expand", "--help"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == expected)
    }

    /// Help wraps its discussion to 80 columns when not on a terminal, so an example
    /// longer than that is split with its tail at column 0, and pasting it fails.
    @Test(arguments: commands)
    func everyExampleFitsOnOneHelpLine(_ command: [String]) throws {
        let help = try Convenectl.run(command + ["--help"]).stdout
        let section = try #require(help.range(of: "\nEXAMPLES:\n"))
        let examples = help[section.upperBound...]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
        #expect(!examples.isEmpty)
        for line in examples {
            // An example may continue on the next line after a backslash, indented further.
            #expect(line.hasPrefix("  convenectl ") || line.hasPrefix("      "), "\(command): \(line)")
            #expect(line.count <= 80, "\(command): \(line)")
        }
    }
}
