import Foundation
import Glibc

/// Unix stream sockets made by hand: what a crashed daemon leaves behind, and a client
/// that keeps its connection open after a request, as HTTP/1.1 clients may.
enum UnixSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ call: String) {
            description = "\(call): \(String(cString: strerror(errno)))"
        }
    }

    /// Binds a socket to `path` and closes it without unlinking: the file stays, and
    /// nothing answers on it, as after a SIGKILL.
    static func leaveStale(at path: String) throws {
        let descriptor = try makeSocket()
        defer { close(descriptor) }
        guard try withAddress(path, { bind(descriptor, $0, $1) }) == 0 else { throw Failure("bind \(path)") }
    }

    /// A connection to `path`; reads on it give up after 30 seconds (a safeguard against
    /// a hang, well past any answer's time even on a loaded machine).
    static func connect(to path: String) throws -> Int32 {
        let descriptor = try makeSocket()
        var limit = timeval(tv_sec: 30, tv_usec: 0)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size)) == 0,
            try withAddress(path, { Glibc.connect(descriptor, $0, $1) }) == 0
        else {
            let failure = Failure("connect \(path)")
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    /// Sends one HTTP/1.1 GET on the connection and reads the whole response (head and
    /// `Content-Length` bytes of body), leaving the connection open.
    static func get(_ target: String, on descriptor: Int32) throws -> String {
        try exchange("GET \(target) HTTP/1.1\r\nHost: convened\r\n\r\n", on: descriptor)
    }

    /// Sends `request` as it is and reads one whole response.
    static func exchange(_ request: String, on descriptor: Int32) throws -> String {
        try send(request, on: descriptor)
        return try readResponses(1, on: descriptor)[0]
    }

    /// Sends `bytes` as they are.
    static func send(_ bytes: String, on descriptor: Int32) throws {
        let request = Array(bytes.utf8)
        guard Glibc.send(descriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            throw Failure("send")
        }
    }

    /// Reads until `count` whole responses have arrived, and returns them in order.
    static func readResponses(_ count: Int, on descriptor: Int32) throws -> [String] {
        var received: [UInt8] = []
        var responses: [String] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            while let length = completeLength(received) {
                responses.append(String(decoding: received[..<length], as: UTF8.self))
                received.removeFirst(length)
            }
            if responses.count >= count { return responses }
            // Read at least as far as the first response's declared length before looking again.
            let wanted = expectedLength(received) ?? 0
            repeat {
                let got = recv(descriptor, &chunk, chunk.count, 0)
                guard got > 0 else { throw Failure("recv after \(received.count) bytes") }
                received += chunk[..<got]
            } while received.count < wanted
        }
    }

    /// The length of the first whole response in `bytes`, if it has all arrived.
    private static func completeLength(_ bytes: [UInt8]) -> Int? {
        guard let length = expectedLength(bytes), bytes.count >= length else { return nil }
        return length
    }

    /// The length of the first response in `bytes` once its head has arrived: the head
    /// and `Content-Length` bytes of body (none for a 304).
    private static func expectedLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var headEnd: Int?
        for index in 3..<bytes.count
        where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
            headEnd = index + 1
            break
        }
        guard let headEnd else { return nil }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        if head.hasPrefix("HTTP/1.1 304") { return headEnd }
        let length =
            head.split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return headEnd + length
    }

    private static func makeSocket() throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket") }
        return descriptor
    }

    private static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure("\(path) is too long for sun_path")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
