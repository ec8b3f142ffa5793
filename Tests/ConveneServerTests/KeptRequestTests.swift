import NIOCore
import Testing

@testable import ConveneServer

/// What the event loop's kept-answer path reads as a plain GET, and what it leaves to
/// the router's parser.
@Suite struct KeptRequestTests {
    static func request(_ text: String) -> KeptRequest? {
        let buffer = ByteBuffer(string: text)
        guard let length = KeptRequest.headLength(buffer.readableBytesView), length == buffer.readableBytes else {
            return nil
        }
        return KeptRequest(buffer.readableBytesView, lineLimit: 8 * 1024)
    }

    static let read: [(String, KeptRequest)] = [
        ("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n", .init(target: "/v1/status", ifNoneMatch: nil, asksToClose: false)),
        (
            "GET /v1/schedule?month=2027-01 HTTP/1.1\r\n\r\n",
            .init(target: "/v1/schedule?month=2027-01", ifNoneMatch: nil, asksToClose: false)
        ),
        (
            "GET /v1/status HTTP/1.1\r\nIF-NONE-MATCH:  \"a-1\" \r\nif-none-match: \"b-2\"\r\n\r\n",
            .init(target: "/v1/status", ifNoneMatch: "\"a-1\", \"b-2\"", asksToClose: false)
        ),
        (
            "GET /v1/status HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n",
            .init(target: "/v1/status", ifNoneMatch: nil, asksToClose: true)
        ),
        (
            "GET /v1/status HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            .init(target: "/v1/status", ifNoneMatch: nil, asksToClose: false)
        ),
    ]

    @Test(arguments: read)
    func aPlainGetIsRead(text: String, expected: KeptRequest) {
        #expect(Self.request(text) == expected)
    }

    static let leftToTheRouter = [
        "POST /v1/reload HTTP/1.1\r\n\r\n",
        "GET /v1/status HTTP/1.0\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nContent-Length: 5\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nContent-Length : 5\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\n folded: value\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nBad\nLine: x\r\n\r\n",
        "GET /v1/st\u{E9}tus HTTP/1.1\r\n\r\n",
        "GET  /v1/status HTTP/1.1\r\n\r\n",
        "GET http://x/v1/status HTTP/1.1\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nX-Note: caf\u{E9}\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: KeptRequest.fieldLimit + 1) + "\r\n",
        "GET /v1/forums/" + String(repeating: "a", count: 8 * 1024) + " HTTP/1.1\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 8 * 1024) + "\r\n\r\n",
    ]

    @Test(arguments: leftToTheRouter)
    func anythingElseIsLeftToTheRouter(text: String) {
        #expect(Self.request(text) == nil)
    }

    @Test func theHeadEndsAtTheFirstBlankLineAndNotBefore() {
        let pipelined = ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        #expect(KeptRequest.headLength(pipelined.readableBytesView) == 28)
        for cut in 0..<28 {
            let partial = ByteBuffer(bytes: "GET /a HTTP/1.1\r\nHost: x\r\n\r\n".utf8.prefix(cut))
            #expect(KeptRequest.headLength(partial.readableBytesView) == nil, "cut at \(cut)")
        }
    }
}
