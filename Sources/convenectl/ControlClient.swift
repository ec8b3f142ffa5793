import ConveneCore
import ConveneProtocol
import FoundationEssentials
import Glibc

/// A small, blocking HTTP/1.1 client for the daemon's control socket: one request per
/// connection (`Connection: close`), which is all a command-line tool needs.
struct ControlClient {
    let socketPath: String

    struct Response {
        let status: Int
        let body: Data
    }

    /// Sends one request; the body, if any, is JSON.
    func send(_ method: String, _ path: String, body: Data? = nil) throws(ClientError) -> Response {
        let descriptor = try connect()
        defer { close(descriptor) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: convened\r\nConnection: close\r\nAccept: application/json\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        var request = Data((head + "\r\n").utf8)
        if let body { request.append(body) }
        let bytes = [UInt8](request)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .broken(socketPath, String(cString: strerror(errno))) }
            offset += count
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .broken(socketPath, String(cString: strerror(errno))) }
            if count == 0 { break }
            received.append(contentsOf: buffer[..<count])
        }
        return try Self.parse(received, from: socketPath)
    }

    private func connect() throws(ClientError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .badSocketPath(socketPath) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .broken(socketPath, String(cString: strerror(errno))) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            switch code {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notRunning(socketPath)
            case EACCES, EPERM: throw .permissionDenied(socketPath)
            default: throw .broken(socketPath, String(cString: strerror(code)))
            }
        }
        return descriptor
    }

    /// Status line, headers (for Content-Length and chunked transfer) and body.
    static func parse(_ data: Data, from path: String) throws(ClientError) -> Response {
        let bytes = [UInt8](data)
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0...$0 + 3].elementsEqual([13, 10, 13, 10]) }) else {
            throw .broken(path, "the daemon closed the connection without a complete answer")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw .broken(path, "not an HTTP answer") }
        let headers = head.dropFirst().reduce(into: [String: String]()) { headers, line in
            guard let colon = line.firstIndex(of: ":") else { return }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingSpaces()
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, body: Data(body))
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: 13),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16),
                size > 0
            else { break }
            let start = lineEnd + 2
            output += bytes[start..<min(bytes.count, start + size)]
            index = start + size + 2
        }
        return output
    }
}

/// Why a request to the daemon failed, with the exit status each case ends with.
enum ClientError: Error, CustomStringConvertible {
    case notRunning(String)
    case permissionDenied(String)
    case badSocketPath(String)
    case broken(String, String)
    /// The daemon refused the request.
    case refused(status: Int, code: String, message: String)

    var description: String {
        switch self {
        case .notRunning(let path):
            "convened is not running (nothing answers on \(path)); start it with: systemctl start convened"
        case .permissionDenied(let path):
            "permission denied on \(path): you need to be in the convene group (or root)"
        case .badSocketPath(let path): "\(path): a socket path must be shorter than 108 bytes"
        case .broken(let path, let reason): "\(path): \(reason)"
        case .refused(_, _, let message): message
        }
    }

    /// 2 bad input, 3 not running, 4 not allowed, 5 not found, 6 clash or stale, 1 otherwise.
    var exitCode: Int32 {
        switch self {
        case .notRunning: 3
        case .permissionDenied: 4
        case .badSocketPath: 2
        case .broken: 1
        case .refused(_, let code, _):
            switch ErrorCode(rawValue: code) {
            case .badRequest, .configInvalid, .tooLarge: 2
            case .forbidden: 4
            case .notFound: 5
            case .clash: 6
            case .internalError, nil: 1
            }
        }
    }
}
