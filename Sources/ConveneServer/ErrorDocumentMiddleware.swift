import ConveneProtocol
import Hummingbird

/// Gives Hummingbird's own errors (no such endpoint, a method an endpoint does not take)
/// the protocol's error document. They must be caught here, inside the router: the
/// router's responder turns any `HTTPError` that reaches it into a bare response.
struct ErrorDocumentMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return JSONBody.error(.notFound, "no such endpoint: \(request.method) \(request.uri.path)", status: .notFound)
        } catch let error as HTTPError {
            return JSONBody.error(.badRequest, error.body ?? "\(error.status)", status: error.status)
        }
    }
}
