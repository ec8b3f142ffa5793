import ConveneCore
import ConveneProtocol
import ConveneTestSupport
import Foundation
import Logging
import Testing

@testable import ConveneServer

/// docs/openapi.yaml against the server: the routes it lists are the routes the router
/// registers, and every status and body the server answers is one the document lists,
/// key for key. The server runs on a temporary socket with a stub daemon; requests go
/// through curl, as a person's would.
@Suite(.runsOnBlockingThreads) struct OpenAPIDocumentTests {
    @Test func theDocumentListsExactlyTheRoutesTheRouterRegisters() throws {
        let document = try OpenAPIDocument.load()
        // Hummingbird describes `forums/:id` as `GET /v1/forums/{id}`, as OpenAPI writes it.
        let registered = ControlRoutes.router(StubControl(.admitting), logger: Self.quiet).routes.map { "\($0)" }
        let documented = document.operations.map(\.description)
        #expect(Set(registered) == Set(documented))
        #expect(registered.count == documented.count)
    }

    @Test func everyDocumentedStatusIsOneTheExchangesBelowMakeTheServerAnswer() throws {
        let document = try OpenAPIDocument.load()
        var documented = Set<String>()
        for operation in document.operations {
            for status in try document.responses(operation).keys { documented.insert("\(operation) \(status)") }
        }
        let exercised = try Set(
            Exchange.all.map { exchange in
                let operation = try #require(
                    document.operation(exchange.method, exchange.target),
                    "\(exchange.method) \(exchange.target) is not in the document")
                return "\(operation) \(exchange.status)"
            })
        #expect(documented == exercised)
    }

    @Test(arguments: Exchange.all)
    func theServerAnswersADocumentedStatusWithTheDocumentedBody(_ exchange: Exchange) async throws {
        let document = try OpenAPIDocument.load()
        let operation = try #require(document.operation(exchange.method, exchange.target))
        let answer = try await Self.withServer(StubControl(exchange.stub)) { socket in
            try await CurlRequest(method: exchange.method, target: exchange.target, body: exchange.body).send(to: socket)
        }
        #expect(answer.status == exchange.status, "\(String(decoding: answer.body, as: UTF8.self))")
        let responses = try document.responses(operation)
        let documented = try #require(responses[answer.status], "\(operation) answered \(answer.status), not documented")
        #expect(
            answer.contentType.hasPrefix(documented.mediaType),
            "answered \(answer.contentType), documented \(documented.mediaType)")
        if documented.mediaType == "application/json", let schema = documented.schema {
            let json = try JSONSerialization.jsonObject(with: answer.body, options: [.fragmentsAllowed])
            #expect(document.problems(json, schema, at: "body") == [])
        }
    }

    @Test(arguments: [
        "GET /v1/nothing", "GET /v1", "GET /v2/status", "POST /v1/status", "GET /v1/reload",
        "DELETE /v1/forums/redditch", "GET /v1/forums/redditch/members",
        "GET /v1/occurrences/20270310-abc@example.org/cancel",
    ])
    func aPathOrMethodTheDocumentDoesNotListIsAnswered404(_ request: String) async throws {
        let document = try OpenAPIDocument.load()
        let (method, target) = (String(request.prefix { $0 != " " }), String(request.drop { $0 != " " }.dropFirst()))
        #expect(document.operation(method, target) == nil)
        let answer = try await Self.withServer(StubControl(.admitting)) { socket in
            try await CurlRequest(method: method, target: target, body: nil).send(to: socket)
        }
        #expect(answer.status == 404)
        // The document promises the error document for every error, these included.
        let schema = try #require(document.root["components"]?["schemas"]?["ErrorDocument"])
        let json = try JSONSerialization.jsonObject(with: answer.body)
        #expect(document.problems(json, schema, at: "body") == [])
        #expect(((json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "not_found")
    }

    @Test func theErrorCodesInTheDocumentAreTheProtocols() throws {
        let document = try OpenAPIDocument.load()
        let codes = try #require(document.root["components"]?["schemas"]?["ErrorCode"]?["enum"]?.list)
        #expect(codes.compactMap(\.string) == ErrorCode.allCases.map(\.rawValue))
    }

    @Test func theNotificationKindsInTheDocumentAreThePlanners() throws {
        let document = try OpenAPIDocument.load()
        let kinds = try #require(document.root["components"]?["schemas"]?["NotificationKind"]?["enum"]?.list)
        #expect(kinds.compactMap(\.string) == ConveneCore.Notification.Kind.allCases.map(\.rawValue))
    }

    // MARK: - The server

    static let quiet = Logger(label: "openapi-tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` while a `ControlServer` with `handler` listens on a temporary socket.
    static func withServer<T: Sendable>(_ handler: StubControl, _ body: (String) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory(prefix: "openapi")
        let socket = directory.url.appendingPathComponent("control.sock").path
        let (listening, signal) = AsyncStream<Void>.makeStream()
        let server = ControlServer(listener: .path(socket), handler: handler, logger: quiet) { signal.finish() }
        let task = Task {
            defer { signal.finish() }
            try await server.run()
        }
        for await _ in listening {}
        let result: Result<T, any Error>
        do { result = .success(try await body(socket)) } catch { result = .failure(error) }
        task.cancel()
        do { try await task.value } catch is CancellationError {}
        return try result.get()
    }
}
