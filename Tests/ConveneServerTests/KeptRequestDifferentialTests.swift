import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import ConveneServer

/// Whatever the kept-answer path reads as a plain GET, NIO's HTTP parser (the one the
/// router's pipeline uses) reads the same way: the same target, the same `If-None-Match`
/// values, the same keep-alive, no body, and the next request starting at the same byte.
/// Heads are put together at random from pieces, valid and not, with fixed seeds.
@Suite struct KeptRequestDifferentialTests {
    static let methods = ["GET", "GET", "GET", "POST", "get", "HEAD"]
    static let targets = [
        "/v1/status", "/v1/forums/a%40b/schedule?month=2027-01", "/x?y=1&z", "*", "http://h/x", "/a\tb",
        "/caf\u{E9}", "/%zz", "//", "/v1/status#frag",
    ]
    static let versions = ["HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "http/1.1", "HTTP/1.1 ", "HTTP/2"]
    static let fields = [
        "Host: convened", "If-None-Match: \"0a-1\"", "if-none-match:\"b-2\" ", "IF-NONE-MATCH: *",
        "Connection: close", "Connection: keep-alive", "connection: Keep-Alive, CLOSE",
        "Content-Length: 0", "Content-Length: 5", "content-length: 00", "Transfer-Encoding: chunked",
        " folded", "X:\ty", "Bad Name: v", "X: \u{1}", ":novalue", "Expect: 100-continue",
        "Upgrade: h2c", "X-Empty:", "Accept: */*", "User-Agent: curl/7.88.1",
    ]

    /// A random head and where it ends (and the next request begins).
    static func head(_ random: inout SplitMix) -> String {
        let lineEnd = { (random: inout SplitMix) in random.next() % 20 == 0 ? "\n" : "\r\n" }
        var text =
            methods.randomElement(using: &random)! + " " + targets.randomElement(using: &random)! + " "
            + versions.randomElement(using: &random)! + lineEnd(&random)
        for _ in 0..<(random.next() % 5) {
            text += fields.randomElement(using: &random)! + lineEnd(&random)
        }
        return text + "\r\n"
    }

    @Test func whatIsReadAsAPlainGetNIOReadsTheSameWay() throws {
        var readHere = 0
        for seed in UInt64(0)..<20_000 {
            var random = SplitMix(seed: seed)
            let head = Self.head(&random)
            let buffer = ByteBuffer(string: head)
            guard let length = KeptRequest.headLength(buffer.readableBytesView), length == buffer.readableBytes,
                let kept = KeptRequest(buffer.readableBytesView, lineLimit: 8 * 1024)
            else { continue }
            readHere += 1
            // After `Connection: close`, NIO reads no further, and neither does the server.
            let parts = try Self.nioParts(head + "GET /next HTTP/1.1\r\n\r\n")
            guard parts.count == (kept.asksToClose ? 2 : 4), case .head(let first) = parts[0], case .end = parts[1] else {
                Issue.record("seed \(seed): NIO reads \(head.debugDescription) as \(parts)")
                continue
            }
            #expect(first.method == .GET && first.uri == kept.target && first.version == .http1_1, "seed \(seed)")
            #expect(
                Self.tags(first.headers["if-none-match"].joined(separator: ","))
                    == Self.tags(kept.ifNoneMatch ?? ""), "seed \(seed)")
            #expect(first.isKeepAlive == !kept.asksToClose, "seed \(seed)")
            if !kept.asksToClose, case .head(let next) = parts[2] {
                #expect(next.uri == "/next", "seed \(seed): the next request starts where NIO's does")
            }
        }
        #expect(readHere > 800, "the pieces make enough plain GETs to compare (\(readHere))")
    }

    /// Entity tags as `ReadAnswer.matches` reads them: split at commas, trimmed.
    static func tags(_ header: String) -> [String] {
        header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The parts NIO's request decoder reads from `text`, up to its first error.
    static func nioParts(_ text: String) throws -> [HTTPServerRequestPart] {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        _ = try? channel.writeInbound(ByteBuffer(string: text))
        var parts: [HTTPServerRequestPart] = []
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) { parts.append(part) }
        _ = try? channel.finish()
        return parts
    }
}

/// A small seeded generator (SplitMix64), so every run builds the same heads.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
