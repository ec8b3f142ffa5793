import FoundationEssentials

/// The configuration's files on disk, where the daemon and `convenectl` read them.
public struct DiskFiles: ConfigurationFiles {
    public init() {}

    public func contents(of path: String) -> Result<Data, UnreadableFile> {
        if let data = FileManager.default.contents(atPath: path) { return .success(data) }
        var isDirectory = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return .failure(.init("no such file")) }
        return .failure(.init(isDirectory ? "it is a folder" : "permission denied"))
    }

    public func names(in folder: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: folder)
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}
