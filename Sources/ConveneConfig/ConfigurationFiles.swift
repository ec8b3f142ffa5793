import FoundationEssentials

/// Where `ConfigurationLoader` reads files and lists folders: the disk (`DiskFiles`),
/// or files held in memory (`MemoryFiles`) for the fuzzer and for tests that build a
/// configuration as text. Loading and checking are the same code either way.
public protocol ConfigurationFiles: Sendable {
    /// The bytes of the file at `path`, or why they cannot be had.
    func contents(of path: String) -> Result<Data, UnreadableFile>
    /// The names in `folder` (files and folders), in any order; nil if there is no such folder.
    func names(in folder: String) -> [String]?
    /// Whether anything, a file or a folder, is at `path`.
    func exists(_ path: String) -> Bool
}

/// Why a configuration file could not be read, in words for a diagnostic.
public struct UnreadableFile: Error, Hashable, Sendable {
    /// "no such file", "it is a folder", "permission denied".
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
