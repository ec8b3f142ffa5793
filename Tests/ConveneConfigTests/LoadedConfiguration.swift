import ConveneConfig
import Foundation
import Testing

/// The outcome of loading one configuration folder, with every diagnostic rendered
/// the way `convenectl check-config` prints it but with the folder's own path taken
/// out, so expectations read `meetings/monthly-forum.toml:6:12: error: …` wherever
/// the fixtures happen to be copied.
struct LoadedConfiguration {
    /// The folder holding `convened.toml`, without a trailing slash.
    let folder: String
    let result: ConfigurationLoader.Result

    /// Loads `<folder>/convened.toml`.
    init(folder: String) {
        self.folder = folder
        result = ConfigurationLoader(mainFile: folder + "/convened.toml").load()
    }

    /// Loads one of the static fixture folders, e.g. `broken/unknown-venue`.
    init(fixture name: String) throws {
        let root = try #require(
            Bundle.module.url(forResource: "Fixtures", withExtension: nil),
            "the Fixtures folder is not among the test target's resources")
        let folder = root.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: folder + "/convened.toml"), "no fixture \(name)")
        self.init(folder: folder)
    }

    /// Every diagnostic as `FILE:LINE:COLUMN: SEVERITY: KEYPATH: MESSAGE`, relative to the folder.
    var lines: [String] { result.diagnostics.map(relative) }
    /// The errors alone, rendered like `lines`.
    var errors: [String] { result.errors.map(relative) }
    /// The warnings alone, rendered like `lines`.
    var warnings: [String] { result.warnings.map(relative) }
    /// The files read, relative to the folder, in the order they were read.
    var files: [String] { result.files.map { $0.replacingOccurrences(of: folder + "/", with: "") } }

    private func relative(_ diagnostic: Diagnostic) -> String {
        // Messages can name files too ("first defined at …"), so the whole line is rewritten.
        diagnostic.description.replacingOccurrences(of: folder + "/", with: "")
    }
}

/// Whether `line` is the diagnostic `expected` describes. `…` in `expected` stands for
/// any text (a count that depends on the calendar); everything else must match exactly.
func diagnostic(_ line: String, matches expected: String) -> Bool {
    let pieces = expected.components(separatedBy: "…")
    guard pieces.count > 1 else { return line == expected }
    guard let last = pieces.last, line.count >= pieces[0].count + last.count,
        line.hasPrefix(pieces[0]), line.hasSuffix(last)
    else { return false }
    var rest = line.dropFirst(pieces[0].count).dropLast(last.count)
    for piece in pieces.dropFirst().dropLast() {
        guard let found = rest.range(of: piece) else { return false }
        rest = rest[found.upperBound...]
    }
    return true
}
