import ConveneTestSupport
import Foundation
import Testing

/// A copy of a fixture folder in a fresh temporary directory, for cases built in the
/// test itself (drop-ins written in a chosen order, files the loader must ignore).
struct TemporaryConfiguration {
    let directory: TemporaryDirectory
    /// Where the configuration lives: the temporary directory itself, or a folder in it.
    let folder: URL

    /// Copies `Fixtures/<fixture>` to `<tmp>/<subfolder>` (the directory itself when empty).
    init(copying fixture: String = "valid/minimal", into subfolder: String = "") throws {
        directory = try TemporaryDirectory(prefix: "convene-config")
        folder = subfolder.isEmpty ? directory.url : directory.url.appendingPathComponent(subfolder)
        let source = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent(fixture)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name),
                to: folder.appendingPathComponent(name))
        }
    }

    /// Writes `contents` to a path relative to the configuration folder, replacing any file there.
    func write(_ contents: String, to path: String) throws {
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
    }

    /// Adds `contents` to the end of an existing file.
    func append(_ contents: String, to path: String) throws {
        let file = folder.appendingPathComponent(path)
        let existing = try String(contentsOf: file, encoding: .utf8)
        try Data((existing + contents).utf8).write(to: file)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(path))
    }

    /// Loads `convened.toml` from the configuration folder.
    func load() -> LoadedConfiguration {
        LoadedConfiguration(folder: folder.path)
    }
}
