import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An executable written through a close-on-exec descriptor. Written the usual way, the
/// open descriptor is inherited by any process another test starts meanwhile, and
/// running the file then fails with "Text file busy" until that process ends.
public enum ExecutableFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            written += count
        }
    }

    /// A shell script of `body`.
    public static func script(_ body: String, at path: String) throws {
        try write(Array(("#!/bin/sh\n" + body + "\n").utf8), to: path)
    }

    /// A copy of the executable at `source`.
    public static func copy(_ source: String, to path: String) throws {
        try write(Array(try Data(contentsOf: URL(fileURLWithPath: source))), to: path)
    }
}
