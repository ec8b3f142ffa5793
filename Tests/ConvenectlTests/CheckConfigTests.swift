import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct CheckConfigTests {
    /// What the summary should count, read from the shipped files themselves so the
    /// test keeps up with edits to the example configuration.
    private func shippedSummary() throws -> String {
        let config = RepositoryPaths.root.appendingPathComponent("config")
        func tomlFiles(_ folder: String) throws -> [URL] {
            let url = config.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "toml" && !$0.lastPathComponent.hasPrefix(".") }
        }
        let forums = try tomlFiles("forums").count
        let series = try tomlFiles("meetings").count
        let mainAndDropIns = [config.appendingPathComponent("convened.toml")] + (try tomlFiles("conf.d"))
        let venues = try mainAndDropIns.reduce(0) { total, file in
            try total
                + String(contentsOf: file, encoding: .utf8)
                .split(separator: "\n").filter { $0.hasPrefix("[[venue]]") }.count
        }
        let termDates = FileManager.default.fileExists(atPath: config.appendingPathComponent("term-dates.toml").path) ? 1 : 0
        let files = mainAndDropIns.count + termDates + forums + series
        return "config/convened.toml: OK: \(forums) forums, \(series) meeting series, \(venues) venues, "
            + "\(files) files, 0 warnings\n"
    }

    @Test func shippedConfigurationIsValidWithoutWarnings() throws {
        let result = try Convenectl.run(["check-config", "--config", "config/convened.toml"], in: RepositoryPaths.root)
        #expect(result.status == 0)
        #expect(Convenectl.firstLine(result.stdout) == (try shippedSummary()))
        #expect(result.stderr == "")
    }

    @Test func warningsGoToStandardErrorAndStillExitZero() throws {
        let fixture = try ConfigurationFixture.minimal(timeZone: "Europe/London")
        let result = try Convenectl.run(["check-config", "--config", "convened.toml"], in: fixture.directory.url)
        #expect(result.status == 0)
        #expect(
            Convenectl.firstLine(result.stdout)
                == "convened.toml: OK: 0 forums, 0 meeting series, 0 venues, 1 files, 2 warnings\n")
        #expect(
            result.stderr
                == Convenectl.lines(
                    "convened.toml: warning: no forums are configured (expected files in forums/)",
                    "convened.toml: warning: no meeting series are configured (expected files in meetings/)"))
    }

    @Test func brokenConfigurationExitsOneWithEveryErrorLocatedOnItsOwnLine() throws {
        let fixture = try ConfigurationFixture.broken()
        let result = try Convenectl.run(["check-config", "--config", "convened.toml"], in: fixture.directory.url)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == Convenectl.lines(
                    ConfigurationFixture.brokenErrors + [
                        "convened.toml: 6 errors, 0 warnings; the configuration cannot be used"
                    ]))
    }

    @Test func everyErrorLineHasFileLineColumnAndKeyPath() throws {
        let fixture = try ConfigurationFixture.broken()
        let result = try Convenectl.run(["check-config", "--config", fixture.mainFile.path])
        let lines = result.stderr.split(separator: "\n").dropLast()
        #expect(lines.count == ConfigurationFixture.brokenErrors.count)
        for line in lines {
            #expect(line.wholeMatch(of: /\/[^:]+\.toml:\d+:\d+: error: [a-z_]+(\[\d+\])?(\.[a-z_]+)*: .+/) != nil, "\(line)")
        }
    }

    @Test func missingConfigurationFileExitsOne() throws {
        let directory = try TemporaryDirectory(prefix: "convenectl-missing")
        let path = directory.url.appendingPathComponent("absent.toml").path
        let result = try Convenectl.run(["check-config"], configEnvironment: path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == Convenectl.lines(
                    "\(path): error: cannot read the file: no such file",
                    "\(path): 1 error, 0 warnings; the configuration cannot be used"))
    }
}
