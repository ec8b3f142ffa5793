import FoundationEssentials

/// A configuration's files held in memory, by path, for loading text that is not on
/// disk (the fuzzer, tests). Folders are implied by the paths: `forums/north.toml`
/// makes a folder `forums`.
public struct MemoryFiles: ConfigurationFiles {
    /// Each file's bytes by its path, written as the loader forms paths: relative to
    /// the current folder unless absolute, `/` between names.
    public var files: [String: Data]

    public init(_ files: [String: Data] = [:]) {
        self.files = files
    }

    /// Files given as text, stored as UTF-8.
    public init(texts: [String: String]) {
        files = texts.mapValues { Data($0.utf8) }
    }

    public func contents(of path: String) -> Result<Data, UnreadableFile> {
        if let data = files[path] { return .success(data) }
        return .failure(.init(isFolder(path) ? "it is a folder" : "no such file"))
    }

    public func names(in folder: String) -> [String]? {
        guard isFolder(folder) else { return nil }
        let prefix = Self.prefix(folder)
        let names = files.keys.filter { $0.hasPrefix(prefix) }.compactMap { path in
            path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).first.map(String.init)
        }
        return Array(Set(names))
    }

    public func exists(_ path: String) -> Bool {
        files[path] != nil || isFolder(path)
    }

    /// A folder exists when some file is in it; the current folder (`""`) always does.
    private func isFolder(_ path: String) -> Bool {
        path.isEmpty || files.keys.contains { $0.hasPrefix(Self.prefix(path)) }
    }

    private static func prefix(_ folder: String) -> String {
        folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
    }
}
