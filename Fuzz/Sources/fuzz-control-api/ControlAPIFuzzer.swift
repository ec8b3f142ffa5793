import ConveneProtocol
import ConveneServer
import Dispatch
import FuzzSupport
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded

/// Fuzzes the control API's request handling: the real router from `ControlRoutes`,
/// with its error middleware, path parameters, query parsing and JSON body decoding,
/// in front of a stub daemon (`EchoingControlHandler`). Requests go straight to the
/// router's responder, as `ControlServer` hands them over, without a socket.
///
/// The input is a request: a first line `POST /v1/occurrences/x%40y/move?dry_run=true`
/// (method and target, as on the wire) and the body after it. Every answer must be a
/// success with its document, or the protocol's error document with the status its
/// code stands for, and never a 500 (the stub never fails).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let request = FuzzedRequest(FuzzInput(data, size).bytes) else { return 0 }
    EchoingControlHandler.received.withLock { $0 = nil }
    let answer = ControlAPI.shared.respond(to: request)
    AnswerCheck(request: request, answer: answer, received: EchoingControlHandler.received.withLock { $0 }).run()
    return 0
}

/// The router built once, as the daemon builds it, and a way to ask it synchronously.
final class ControlAPI: Sendable {
    static let shared = ControlAPI()

    let responder: RouterResponder<ControlContext>
    let logger = Logger(label: "fuzz-control-api", factory: { _ in SwiftLogNoOpLogHandler() })
    let channel = NIOAsyncTestingChannel()
    /// Root: the peer who may change things, so that change requests reach decoding.
    let peer = Peer(pid: 1, uid: 0, gid: 0)

    private init() {
        responder = ControlRoutes.router(EchoingControlHandler(), logger: logger).buildResponder()
    }

    /// Routes one request and collects the whole answer. libFuzzer calls in from a
    /// plain thread, which waits here while the request runs on the concurrency pool.
    func respond(to fuzzed: FuzzedRequest) -> Answer {
        let box = AnswerBox()
        let finished = DispatchSemaphore(value: 0)
        Task {
            box.answer = await self.answer(fuzzed)
            finished.signal()
        }
        finished.wait()
        return box.answer!
    }

    private func answer(_ fuzzed: FuzzedRequest) async -> Answer {
        let head = HTTPRequest(method: fuzzed.method, scheme: nil, authority: nil, path: fuzzed.target)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: fuzzed.body)))
        var context = ControlContext(source: .init(channel: channel, logger: logger))
        context.peer = peer
        do {
            let response = try await responder.respond(to: request, context: context)
            let collected = CollectedBody()
            try await response.body.write(CollectingWriter(collected: collected))
            return Answer(status: response.status.code, contentType: response.headers[.contentType], body: collected.bytes)
        } catch {
            // ControlServer turns this into a 500 too; the check reports it.
            return Answer(status: 500, contentType: nil, body: Array("thrown: \(error)".utf8))
        }
    }
}

/// What came back: the status, the Content-Type and the body's bytes.
struct Answer: Sendable {
    let status: Int
    let contentType: String?
    let body: [UInt8]
}

private final class AnswerBox: @unchecked Sendable {
    // Written by the task before it signals, read by the caller after the wait.
    var answer: Answer?
}

private final class CollectedBody {
    var bytes: [UInt8] = []
}

private struct CollectingWriter: ResponseBodyWriter {
    let collected: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        collected.bytes.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
