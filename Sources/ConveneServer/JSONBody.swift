import ConveneProtocol
import FoundationEssentials
import Hummingbird

/// JSON in and out with the protocol's conventions, and errors as
/// `{"error":{"code","message"}}` with the status each code stands for.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The handler's answer as JSON, or its refusal as an error document.
    static func answer(_ body: () async throws -> some Encodable) async throws -> Response {
        do {
            return try response(try await body())
        } catch {
            return failure(error)
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws(ControlFailure) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ControlFailure(.badRequest, "the request body needs \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ControlFailure(.badRequest, "\(path.isEmpty ? "the request body" : path): \(context.debugDescription)")
        } catch {
            throw ControlFailure(.badRequest, "the request body is not valid JSON")
        }
    }

    static func failure(_ error: any Error) -> Response {
        guard let failure = error as? ControlFailure else {
            return self.error(.internalError, "internal error: \(error)", status: .internalServerError)
        }
        return self.error(failure.code, failure.message, status: status(for: failure.code))
    }

    static func status(for code: ErrorCode) -> HTTPResponse.Status {
        switch code {
        case .badRequest, .configInvalid: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .clash: .conflict
        case .tooLarge: .contentTooLarge
        case .internalError: .internalServerError
        }
    }

    static func error(_ code: ErrorCode, _ message: String, status: HTTPResponse.Status) -> Response {
        (try? response(ErrorDocument(code: code, message: message), status: status))
            ?? Response(status: .internalServerError)
    }
}
