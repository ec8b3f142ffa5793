import ConveneProtocol
import Foundation
import Hummingbird

/// The `/v1` routes of the control API.
public enum ControlRoutes {
    /// A router for `handler`'s endpoints.
    public static func router(_ handler: some ControlHandling) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let v1 = router.group("v1")
        v1.get("status") { _, _ in
            try JSONBody.response(await handler.status())
        }
        v1.post("reload") { _, _ in
            let outcome = await handler.reload()
            return try JSONBody.response(outcome, status: outcome.reloaded ? .ok : .badRequest)
        }
        return router
    }
}

/// JSON responses with the protocol's encoding.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ code: ErrorCode, _ message: String, status: HTTPResponse.Status) -> Response {
        (try? response(ErrorDocument(code: code, message: message), status: status))
            ?? Response(status: .internalServerError)
    }
}
