import FoundationEssentials
import Glibc

/// Where commands write: results to stdout, problems to stderr, each straight to the
/// descriptor (not through `print`'s buffer), all of it.
enum Output {
    static func error(_ line: String) {
        var line = line + "\n"
        // A problem that cannot be told is lost; the exit status still tells it.
        _ = line.withUTF8 { write(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    /// `bytes` to stdout. If stdout cannot take them (closed, or a full disk), the command
    /// fails with status 1.
    static func standardOutput(_ bytes: some ContiguousBytes) {
        let failure = bytes.withUnsafeBytes { write($0, to: STDOUT_FILENO) }
        if let failure {
            error("convenectl: cannot write the output: \(String(cString: strerror(failure)))")
            exit(1)
        }
    }

    /// Nil when all was written, else the error number.
    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return written < 0 ? errno : EIO
            }
        }
        return nil
    }
}
