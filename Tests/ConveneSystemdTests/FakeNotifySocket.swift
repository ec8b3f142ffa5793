import Foundation
import Glibc

/// Stands in for systemd's notification socket: a Unix datagram socket bound to a path
/// in a fresh directory under /tmp, from which a test reads what `sd_notify` sent.
/// `sd_notify` sends before it returns, so a datagram is either queued already or was
/// never sent: reading never waits.
final class FakeNotifySocket {
    /// The socket's path, the value for `$NOTIFY_SOCKET`.
    let path: String
    private let directory: String
    private let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ call: String) {
            description = "\(call): \(String(cString: strerror(errno)))"
        }
    }

    init() throws {
        var template = Array("/tmp/notify-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw Failure("mkdtemp") }
        directory = String(cString: created)
        path = directory + "/notify"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            rmdir(directory)
            throw Failure("socket")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let failure = Failure("bind \(path)")
            close(descriptor)
            rmdir(directory)
            throw failure
        }
    }

    deinit {
        close(descriptor)
        unlink(path)
        rmdir(directory)
    }

    /// Runs `body` with `$NOTIFY_SOCKET` naming this socket (and the other `variables`
    /// set), then puts the environment back.
    func whileNotifying<T>(_ variables: [String: String?] = [:], _ body: () throws -> T) rethrows -> T {
        try ProcessEnvironment.with(variables.merging(["NOTIFY_SOCKET": path]) { _, own in own }, body)
    }

    /// The next datagram sent to the socket, or nil when none was.
    func receive() throws -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw Failure("recv")
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Every datagram sent so far, oldest first.
    func receiveAll() throws -> [String] {
        var datagrams: [String] = []
        while let datagram = try receive() { datagrams.append(datagram) }
        return datagrams
    }
}
