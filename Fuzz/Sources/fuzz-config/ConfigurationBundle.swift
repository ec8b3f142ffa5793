import Foundation

/// A configuration folder as one fuzz input: the main file's text, then each other
/// file after a line `#== <path>` (a TOML comment, so a mutated marker is still TOML).
///
/// ```
/// [organisation]
/// …
/// #== forums/north.toml
/// name = "North Parents"
/// ```
struct ConfigurationBundle {
    static let mainFile = "convened.toml"
    static let marker = Array("#== ".utf8)

    /// Each file's bytes (not necessarily UTF-8) by path.
    private(set) var files: [String: Data] = [:]

    init(_ bytes: [UInt8]) {
        var path = Self.mainFile
        var contents: [UInt8]?
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: Self.marker) {
                files[path] = Data(contents ?? [])
                path = String(decoding: line.dropFirst(Self.marker.count), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                contents = nil
                continue
            }
            if contents == nil {
                contents = Array(line)
            } else {
                contents?.append(UInt8(ascii: "\n"))
                contents?.append(contentsOf: line)
            }
        }
        files[path] = Data(contents ?? [])
    }

    /// Lines in a file (the last may be empty), for checking where diagnostics point.
    func lineCount(of path: String) -> Int {
        guard let data = files[path] else { return 1 }
        return data.reduce(1) { count, byte in byte == UInt8(ascii: "\n") ? count + 1 : count }
    }
}
