import Foundation

/// Where things are in the checkout and the build, found from this file's own path
/// so tests work from any current directory.
public enum RepositoryPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ConveneTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The shipped example configuration's main file.
    public static var exampleConfig: URL { root.appendingPathComponent("config/convened.toml") }

    /// The folder holding the built executables: the test runner's own folder, or
    /// `$CONVENE_BIN_DIR` when set.
    public static var binaries: URL {
        if let dir = ProcessInfo.processInfo.environment["CONVENE_BIN_DIR"] {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The runner is `.build/<config>/ConvenePackageTests.xctest` (a file on Linux,
        // a bundle on macOS); the executables sit beside it.
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("convenectl").path) {
                return url
            }
        }
        return root.appendingPathComponent(".build/debug", isDirectory: true)
    }

    /// A built executable by product name.
    public static func executable(_ name: String) -> URL { binaries.appendingPathComponent(name) }
}
