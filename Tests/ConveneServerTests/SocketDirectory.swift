import Foundation
import Glibc

/// A fresh directory with a short path (`/tmp/cs-XXXXXX`) for control sockets, whose
/// whole path must fit the 108 bytes of `sun_path`; removed with everything in it when
/// the value goes away.
final class SocketDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/cs-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    /// The control socket's path in this directory.
    var socketPath: String { path + "/control.sock" }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
