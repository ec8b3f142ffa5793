import Hummingbird

/// A request from fuzz input: `METHOD TARGET` on the first line, the body after it.
/// Only what NIO's HTTP parser would pass to the router is made: a known method and a
/// target without spaces or control characters.
struct FuzzedRequest: Sendable {
    let method: HTTPRequest.Method
    let target: String
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        let line = bytes[..<newline].split(separator: UInt8(ascii: " "), maxSplits: 1)
        guard line.count == 2, let method = HTTPRequest.Method(String(decoding: line[0], as: UTF8.self)) else { return nil }
        let target = line[1]
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return nil }
        self.method = method
        self.target = String(decoding: target, as: UTF8.self)
    }
}
