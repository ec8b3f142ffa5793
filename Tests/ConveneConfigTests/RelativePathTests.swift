import ConveneConfig
import Foundation
import Testing

/// Paths inside the configuration are relative to the main file, never to the
/// current directory. These tests change the process's current directory, so they
/// run one at a time and put it back; no other test in this target depends on it.
@Suite(.serialized) struct RelativePathTests {
    /// `<tmp>/cfg/` holds a valid configuration with term dates; `<tmp>/` itself holds
    /// files of the same names that are not valid TOML, so reading any of them fails.
    private static func configurationWithDecoys() throws -> TemporaryConfiguration {
        let config = try TemporaryConfiguration(copying: "valid/with-term-dates", into: "cfg")
        for decoy in ["term-dates.toml", "forums/decoy.toml", "meetings/decoy.toml", "conf.d/decoy.toml"] {
            try config.directory.write("decoy = = 1\n", to: decoy)
        }
        return config
    }

    private static func load(_ mainFile: String, from directory: String) throws -> ConfigurationLoader.Result {
        let previous = FileManager.default.currentDirectoryPath
        try #require(FileManager.default.changeCurrentDirectoryPath(directory))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return ConfigurationLoader(mainFile: mainFile).load()
    }

    @Test func anAbsoluteMainFileFindsTheFilesBesideItFromAnotherDirectory() throws {
        let config = try Self.configurationWithDecoys()

        let result = try Self.load(config.folder.path + "/convened.toml", from: config.directory.path)

        #expect(result.diagnostics.map(\.description) == [])
        let configuration = try #require(result.configuration)
        #expect(configuration.terms.terms.map(\.name) == ["Autumn 2026", "Spring 2027"])
        #expect(configuration.forums.map(\.id) == ["north-parents"])
        #expect(configuration.series.map(\.id) == ["monthly-forum"])
        #expect(result.files.allSatisfy { $0.hasPrefix(config.folder.path + "/") })
    }

    @Test func aRelativeMainFileKeepsEveryPathRelativeToTheCurrentDirectory() throws {
        let config = try Self.configurationWithDecoys()

        let result = try Self.load("cfg/convened.toml", from: config.directory.path)

        #expect(result.errors.map(\.description) == [])
        #expect(result.configuration?.terms.terms.count == 2)
        #expect(result.files == [
            "cfg/convened.toml", "cfg/term-dates.toml", "cfg/forums/north-parents.toml", "cfg/meetings/monthly-forum.toml",
        ])
    }

    @Test func aProblemFoundThroughARelativeMainFileIsReportedWithARelativePath() throws {
        let config = try Self.configurationWithDecoys()
        try config.write("name = \"South\"\ndistrict = \"riverside\"\ncontacts = []\n", to: "forums/south.toml")

        let result = try Self.load("cfg/convened.toml", from: config.directory.path)

        #expect(result.errors.map(\.description) == [
            #"cfg/forums/south.toml:2:12: error: district: unknown district "riverside"; known: north"#,
            "cfg/forums/south.toml:3:12: error: contacts: a forum needs at least one contact to send invitations to",
        ])
    }

    @Test func aBareMainFileNameReadsFromTheCurrentDirectory() throws {
        let config = try Self.configurationWithDecoys()

        let result = try Self.load("convened.toml", from: config.folder.path)

        #expect(result.errors.map(\.description) == [])
        #expect(result.files == [
            "convened.toml", "term-dates.toml", "forums/north-parents.toml", "meetings/monthly-forum.toml",
        ])
    }
}
