import ConveneConfig
import Foundation
import Testing

/// A configuration held in memory loads exactly as the same files on disk: the same
/// diagnostics, files read and configuration, and the same messages for files that
/// are missing or are folders.
@Suite struct MemoryFilesTests {
    /// Every file of a fixture folder by its path relative to the folder.
    private func files(of fixture: String) throws -> [String: Data] {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(fixture)
        var files: [String: Data] = [:]
        let paths = try #require(FileManager.default.subpaths(atPath: root.path))
        for path in paths {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                files[path] = try Data(contentsOf: root.appendingPathComponent(path))
            }
        }
        return files
    }

    @Test(arguments: ["valid/minimal", "valid/with-term-dates", "broken/many-faults", "broken/unknown-venue"])
    func aFixtureLoadsTheSameFromMemoryAsFromDisk(_ fixture: String) throws {
        let onDisk = try LoadedConfiguration(fixture: fixture)
        let inMemory = ConfigurationLoader(mainFile: "convened.toml", files: MemoryFiles(try files(of: fixture))).load()

        #expect(inMemory.diagnostics.map(\.description) == onDisk.lines)
        #expect(inMemory.files == onDisk.files)
        #expect(inMemory.configuration == onDisk.result.configuration)
    }

    /// The digest `/v1/status` shows: the same files give the same one, a byte or a
    /// file's name changed gives another.
    @Test func theDigestFollowsTheFilesNamesAndBytes() throws {
        var files = try files(of: "valid/minimal")
        func digest() -> String { ConfigurationLoader(mainFile: "convened.toml", files: MemoryFiles(files)).load().digest }
        let first = digest()
        #expect(first.count == 16 && first == digest())
        let path = try #require(files.keys.first { $0.hasPrefix("forums/") })
        files[path]!.append(contentsOf: Array("\n".utf8))
        let changed = digest()
        #expect(changed != first)
        files["forums/renamed-" + path.dropFirst("forums/".count)] = files.removeValue(forKey: path)
        #expect(digest() != changed && digest() != first)
    }

    @Test func aMissingMainFileAndAFolderAreReportedAsOnDisk() {
        let missing = ConfigurationLoader(mainFile: "convened.toml", files: MemoryFiles()).load()
        #expect(missing.diagnostics.map(\.description) == ["convened.toml: error: cannot read the file: no such file"])

        let folder = ConfigurationLoader(mainFile: "convened.toml", files: MemoryFiles(texts: ["convened.toml/x": ""])).load()
        #expect(folder.diagnostics.map(\.description) == ["convened.toml: error: cannot read the file: it is a folder"])
    }
}
