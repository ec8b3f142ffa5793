import ConveneTestSupport
import Foundation
import Testing

/// Paths inside the configuration are relative to the main file, never to the current
/// directory, and messages keep the paths as the user gave them. Run through the real
/// binary so each case has its own current directory without touching the test process's.
@Suite(.runsOnBlockingThreads) struct RelativePathTests {
    /// `<tmp>/cfg/` holds a valid configuration with term dates; `<tmp>/` itself holds
    /// files of the same names that are not valid TOML, so reading any of them fails.
    private static func configurationWithDecoys() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "convenectl-paths")
        let fixture = RepositoryPaths.root.appendingPathComponent("Tests/ConveneConfigTests/Fixtures/valid/with-term-dates")
        for file in ["convened.toml", "term-dates.toml", "forums/north-parents.toml", "meetings/monthly-forum.toml"] {
            try directory.write(String(contentsOf: fixture.appendingPathComponent(file), encoding: .utf8), to: "cfg/" + file)
        }
        for decoy in ["term-dates.toml", "forums/decoy.toml", "meetings/decoy.toml", "conf.d/decoy.toml"] {
            try directory.write("decoy = = 1\n", to: decoy)
        }
        return directory
    }

    @Test func anAbsoluteMainFileFindsTheFilesBesideItFromAnotherDirectory() throws {
        let directory = try Self.configurationWithDecoys()
        let main = directory.url.appendingPathComponent("cfg/convened.toml").path
        let result = try Convenectl.run(["check-config", "--config", main], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Convenectl.firstLine(result.stdout) == "\(main): OK: 1 forums, 1 meeting series, 1 venues, 4 files, 0 warnings\n")
    }

    @Test func aRelativeMainFileIsReadRelativeToTheCurrentDirectory() throws {
        let directory = try Self.configurationWithDecoys()
        let result = try Convenectl.run(["check-config", "--config", "cfg/convened.toml"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            Convenectl.firstLine(result.stdout)
                == "cfg/convened.toml: OK: 1 forums, 1 meeting series, 1 venues, 4 files, 0 warnings\n")
    }

    @Test func aProblemFoundThroughARelativeMainFileIsReportedWithARelativePath() throws {
        let directory = try Self.configurationWithDecoys()
        try directory.write("name = \"South\"\ndistrict = \"riverside\"\ncontacts = []\n", to: "cfg/forums/south.toml")
        let result = try Convenectl.run(["check-config", "--config", "cfg/convened.toml"], in: directory.url)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                Convenectl.lines(
                    #"cfg/forums/south.toml:2:12: error: district: unknown district "riverside"; known: north"#,
                    "cfg/forums/south.toml:3:12: error: contacts: a forum needs at least one contact to send invitations to")))
    }

    @Test func aBareMainFileNameReadsFromTheCurrentDirectory() throws {
        let directory = try Self.configurationWithDecoys()
        let result = try Convenectl.run(
            ["check-config", "--config", "convened.toml"], in: directory.url.appendingPathComponent("cfg"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            Convenectl.firstLine(result.stdout)
                == "convened.toml: OK: 1 forums, 1 meeting series, 1 venues, 4 files, 0 warnings\n")
    }
}
