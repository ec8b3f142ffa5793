import ConveneCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One Maildir per forum under a spool root (`<root>/<forum>/{tmp,new,cur}`), written so
/// a message is either fully in `new/` or not there at all, whatever happens to the
/// machine: written to `tmp/` and fsynced, renamed into `new/`, the folder fsynced.
///
/// Forum ids are checked (`Identifier`) before they become paths, and files are opened
/// with `O_NOFOLLOW`, so nothing outside the root is ever written.
public struct MaildirSpool: Sendable {
    public let root: String
    /// Permissions: the daemon writes; the delivery group reads; nobody else.
    public let fileMode: mode_t
    public let folderMode: mode_t
    /// The group that may read the spool (the `convene` group), if it is to be set.
    public let group: gid_t?
    /// The host part of file names, as Maildir asks.
    public let host: String

    public init(
        root: String, fileMode: mode_t = 0o640, folderMode: mode_t = 0o750, group: gid_t? = nil,
        host: String = MaildirSpool.hostName()
    ) {
        self.root = root
        self.fileMode = fileMode
        self.folderMode = folderMode
        self.group = group
        self.host = host.filter { $0 != "/" && $0 != ":" && $0 != "." }
    }

    /// A message written to `tmp/` and flushed to disk, not yet visible to readers.
    public struct Staged: Hashable, Sendable {
        public let forum: String
        public let fileName: String
    }

    /// `<writtenAt>.<notification id>.<host>`: unique (the id is) and carrying the id, so
    /// recovery can find the file a ledger row names.
    public func fileName(for notificationID: String, writtenAt: Int) -> String {
        "\(writtenAt).\(notificationID).\(host)"
    }

    /// Makes `<root>/<forum>/{tmp,new,cur}` if missing, with the folder mode and group.
    public func prepare(forum: String) throws(SpoolError) {
        guard Identifier.isValid(forum) else { throw SpoolError(.invalidForum, path: forum, errno: EINVAL) }
        for path in [root, folder(forum), folder(forum) + "/tmp", folder(forum) + "/new", folder(forum) + "/cur"] {
            if mkdir(path, folderMode) != 0, errno != EEXIST { throw SpoolError(.createFolder, path: path, errno: errno) }
            if let group, path != root, chown(path, uid_t.max, group) != 0 {
                throw SpoolError(.createFolder, path: path, errno: errno)
            }
        }
    }

    /// Writes `message` to `tmp/` and fsyncs it. Nothing is visible in `new/` yet.
    public func stage(_ message: String, forum: String, notificationID: String, writtenAt: Int) throws(SpoolError) -> Staged {
        try prepare(forum: forum)
        let name = fileName(for: notificationID, writtenAt: writtenAt)
        let path = folder(forum) + "/tmp/" + name
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw SpoolError(.write, path: path, errno: errno) }
        var failure: SpoolError?
        var bytes = Array(message.utf8)
        var offset = 0
        while offset < bytes.count, failure == nil {
            let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno != EINTR { failure = SpoolError(.write, path: path, errno: errno) }
            } else {
                offset += written
            }
        }
        bytes.removeAll()
        if failure == nil, let group, fchown(fd, uid_t.max, group) != 0 { failure = SpoolError(.write, path: path, errno: errno) }
        if failure == nil, fchmod(fd, fileMode) != 0 { failure = SpoolError(.write, path: path, errno: errno) }
        if failure == nil, fsync(fd) != 0 { failure = SpoolError(.sync, path: path, errno: errno) }
        close(fd)
        if let failure {
            unlink(path)
            throw failure
        }
        return Staged(forum: forum, fileName: name)
    }

    /// Moves a staged message into `new/`, where readers see it. Call `syncFolders`
    /// before treating it as delivered.
    public func publish(_ staged: Staged) throws(SpoolError) {
        let from = folder(staged.forum) + "/tmp/" + staged.fileName
        let to = folder(staged.forum) + "/new/" + staged.fileName
        guard rename(from, to) == 0 else { throw SpoolError(.publish, path: from, errno: errno) }
    }

    /// As `publish`, after making the forum's folders again if someone removed them.
    public func publishMakingFolders(_ staged: Staged) throws(SpoolError) {
        do {
            try publish(staged)
        } catch {
            try prepare(forum: staged.forum)
            try publish(staged)
        }
    }

    /// Fsyncs each forum's `new/` folder once, making the renames durable: one call per
    /// batch, however many messages it holds.
    public func syncFolders(_ forums: Set<String>) throws(SpoolError) {
        for forum in forums.sorted() {
            let path = folder(forum) + "/new"
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw SpoolError(.sync, path: path, errno: errno) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw SpoolError(.sync, path: path, errno: errno) }
        }
    }

    /// What recovery found for a ledger row that was committed but not marked done.
    public enum Recovery: Hashable, Sendable {
        /// The file was still in `tmp/` and is now in `new/`.
        case published
        /// It had already reached `new/` (or a reader had moved it to `cur/`).
        case alreadyPublished
        /// Neither: a reader consumed it. Treated as delivered; never written again.
        case consumed
    }

    /// Finishes a committed delivery after a crash (the ledger row is the decision).
    public func recover(forum: String, fileName: String) throws(SpoolError) -> Recovery {
        let base = folder(forum)
        if access(base + "/tmp/" + fileName, F_OK) == 0 {
            try publish(Staged(forum: forum, fileName: fileName))
            try syncFolders([forum])
            return .published
        }
        if access(base + "/new/" + fileName, F_OK) == 0 { return .alreadyPublished }
        if let entries = try? names(in: base + "/cur"), entries.contains(where: { $0.hasPrefix(fileName) }) {
            return .alreadyPublished
        }
        return .consumed
    }

    /// Removes files left in `tmp/` by a crash before their ledger row was committed:
    /// the planner will write those notifications again. `keep` names files that
    /// committed rows still need.
    public func removeStaleStaged(forum: String, keep: Set<String>) throws(SpoolError) -> [String] {
        let path = folder(forum) + "/tmp"
        var removed: [String] = []
        for name in (try? names(in: path)) ?? [] where !keep.contains(name) && !name.hasPrefix(".") {
            if unlink(path + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The forum folders present under the root.
    public func forums() -> [String] {
        ((try? names(in: root)) ?? []).filter { Identifier.isValid($0) }.sorted()
    }

    /// `<root>/<forum>`; the id has been checked by `prepare`.
    public func folder(_ forum: String) -> String { root + "/" + forum }

    /// The bytes of a message written as `fileName`, in `new/` or, once a mail reader has
    /// seen it, in `cur/` (with the reader's `:2,` flags); nil if it is gone.
    /// Whether the message `fileName` is in the forum's `new/` or `cur/` (with a flag
    /// suffix), readable or not.
    public func holds(forum: String, fileName: String) -> Bool {
        let folder = folder(forum)
        if access(folder + "/new/" + fileName, F_OK) == 0 { return true }
        return (try? names(in: folder + "/cur").contains { $0 == fileName || $0.hasPrefix(fileName + ":") }) ?? false
    }

    public func message(forum: String, fileName: String) -> [UInt8]? {
        let folder = folder(forum)
        var path = folder + "/new/" + fileName
        if access(path, F_OK) != 0 {
            guard let seen = try? names(in: folder + "/cur").first(where: { $0 == fileName || $0.hasPrefix(fileName + ":") })
            else { return nil }
            path = folder + "/cur/" + seen
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? bytes : nil }
            bytes += buffer[0..<count]
        }
    }

    private func names(in path: String) throws(SpoolError) -> [String] {
        guard let directory = opendir(path) else { throw SpoolError(.read, path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Why the spool could not do something, with the path and the system's reason: a full
/// disk (ENOSPC), a read-only or missing folder. The caller retries with backoff.
public struct SpoolError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Step: String, Sendable {
        case invalidForum = "use forum id"
        case createFolder = "create folder"
        case write = "write"
        case sync = "flush to disk"
        case publish = "move into new/"
        case read = "read folder"
    }

    public let step: Step
    public let path: String
    public let code: Int32

    public init(_ step: Step, path: String, errno code: Int32) {
        self.step = step
        self.path = path
        self.code = code
    }

    /// ENOSPC and EDQUOT: space may come back, so the write is worth retrying.
    public var isOutOfSpace: Bool { code == ENOSPC || code == EDQUOT }

    public var description: String {
        "cannot \(step.rawValue) \(path): \(String(cString: strerror(code)))"
    }
}
