import ConveneCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Backups of the ledger: `convenectl backup`, and the copy the daemon keeps before it
/// changes the ledger's schema, so that an upgrade can be undone.
extension Store {
    /// A backup made: the file and what is in it.
    public struct Backup: Sendable, Equatable {
        /// Where the copy is (a new file, mode 0600).
        public let file: String
        /// Its size in bytes.
        public let bytes: Int
        /// The last schema step applied to it (`v11-mail-handoff`), which says which
        /// versions of Convene can open it.
        public let schema: String?
    }

    /// Copies the ledger at `ledger` into the new file `destination` with SQLite's online
    /// backup: safe while a daemon is running on it (one consistent state, the daemon
    /// never waits). The copy is written beside `destination` first and appears under
    /// its name only when complete and checked; an existing file is never replaced.
    public static func backUp(ledger: String, to destination: String) throws(StoreError) -> Backup {
        guard access(ledger, F_OK) == 0 else {
            throw .backupFailed(destination: destination, reason: "there is no ledger at \(ledger)")
        }
        guard access(ledger, R_OK | W_OK) == 0 else {
            throw .backupFailed(
                destination: destination,
                reason: "cannot read the ledger at \(ledger) (\(String(cString: strerror(errno)))); "
                    + "run this as root or as the daemon's user")
        }
        do {
            let source = try SQLiteConnection(path: ledger, role: .reader)
            return try write(source, to: destination)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .backupFailed(destination: destination, reason: reason(error))
        }
    }

    /// Before a schema change: the ledger as it is, in `<ledger>.before-<first step>`
    /// beside it, unless a backup of that name is already there (an upgrade tried
    /// before, whose copy is the older one). Nil for a new ledger or one already up to
    /// date.
    static func backUpBeforeMigrating(_ database: SQLiteDatabase, ledger: String) throws -> Backup? {
        let applied = Set(try database.read(migrator.appliedIdentifiers))
        guard !applied.isEmpty, let next = migrator.identifiers.first(where: { !applied.contains($0) }) else {
            return nil
        }
        let file = "\(ledger).before-\(next)"
        var existing = stat()
        if lstat(file, &existing) == 0 {
            return Backup(file: file, bytes: Int(existing.st_size), schema: nil)
        }
        return try database.writeWithoutTransaction { db in try write(db, to: file) }
    }

    /// Writes `source` into `destination.partial`, syncs it, and links it into place.
    private static func write(_ source: SQLiteConnection, to destination: String) throws -> Backup {
        var existing = stat()
        guard lstat(destination, &existing) != 0 else {
            throw StoreError.backupFailed(destination: destination, reason: "it exists; name a new file")
        }
        let partial = destination + ".partial"
        unlink(partial)
        do {
            try createFile(partial, mode: fileMode)
            try source.backUp(to: partial)
            let applied = Set(try migrator.appliedIdentifiers(source))
            try syncFile(partial)
            guard link(partial, destination) == 0 else { throw SystemError(errno) }
            unlink(partial)
            let folder = PathName.folder(of: destination)
            try syncFile(folder.isEmpty ? "." : folder)
            var written = stat()
            _ = stat(destination, &written)
            return Backup(
                file: destination, bytes: Int(written.st_size),
                schema: migrator.identifiers.last(where: applied.contains))
        } catch {
            unlink(partial)
            throw StoreError.backupFailed(destination: destination, reason: reason(error))
        }
    }
}

// Outside `Store`, whose own `open` would hide the system call.

/// `open(2)` with `O_EXCL`: makes `path` empty with `mode`, failing if anything is there
/// (the ledger itself, unless it exists; a backup's partial copy).
func createFile(_ path: String, mode: mode_t) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw SystemError(errno) }
    close(descriptor)
}

/// Makes what is written to the file or folder at `path` durable.
private func syncFile(_ path: String) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw SystemError(errno) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw SystemError(errno) }
}

/// An error from a system call, in the system's words.
struct SystemError: Error, CustomStringConvertible {
    let number: Int32
    init(_ number: Int32) { self.number = number }
    var description: String { String(cString: strerror(number)) }
}
