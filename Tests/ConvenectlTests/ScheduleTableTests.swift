import ConveneTestSupport
import Foundation
import Testing

/// The schedule table, checked against a stored copy: March 2027 of the shipped
/// configuration. To regenerate after changing the table on purpose:
///
///     .build/debug/convenectl schedule --config config/convened.toml --month 2027-03 \
///         > Tests/ConvenectlTests/Expected/schedule-2027-03.txt
@Suite(.runsOnBlockingThreads) struct ScheduleTableTests {
    static let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Expected/schedule-2027-03.txt")

    @Test func marchOfTheShippedConfigurationPrintsAsStored() throws {
        let result = try Convenectl.run(["schedule", "--config", RepositoryPaths.exampleConfig.path, "--month", "2027-03"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOf: Self.expected, encoding: .utf8)))
    }
}
