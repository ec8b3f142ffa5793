/// File paths joined and split as Foundation's `NSString` path methods do, without
/// Foundation: the folder a file is in, and a name within a folder.
public enum PathName {
    /// The folder part of `path`, as `NSString.deletingLastPathComponent` gives it: runs of
    /// slashes become one and a trailing slash is dropped, so `a//b/c/` is in `a/b`; a
    /// name alone is in `""`, a name at the root in `/`, and `/` is its own folder.
    public static func folder(of path: String) -> String {
        let scalars = path.unicodeScalars
        if scalars.allSatisfy({ $0 == "/" }) { return path == "/" ? "/" : "" }
        let components = scalars.split(separator: "/").dropLast().map { String(Substring($0)) }
        return (scalars.first == "/" ? "/" : "") + components.joined(separator: "/")
    }

    /// `name` within `folder`, as `NSString.appendingPathComponent` gives it: one slash
    /// between them unless `folder` already ends with one; nothing is added to an empty
    /// folder or for an empty name.
    public static func appending(_ name: String, to folder: String) -> String {
        if folder.isEmpty { return name }
        if name.isEmpty { return folder }
        return folder.unicodeScalars.last == "/" ? folder + name : folder + "/" + name
    }
}
