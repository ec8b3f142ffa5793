import ConveneProtocol
import Foundation
import Hummingbird
import HummingbirdCore
import Logging

/// The `/v1` routes of the control API. Handlers decode, call the daemon, encode.
public enum ControlRoutes {
    /// A router for `handler`'s endpoints.
    public static func router(_ handler: some ControlHandling, logger: Logger) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ErrorDocumentMiddleware())
        let v1 = router.group("v1")
        v1.get("status") { _, _ in try JSONBody.response(await handler.status()) }
        v1.get("schedule") { request, _ in
            let query = request.uri.queryParameters
            return try await JSONBody.answer {
                try await handler.schedule(month: query.string("month"), from: query.string("from"), to: query.string("to"),
                                           forum: nil)
            }
        }
        v1.get("forums") { _, _ in try JSONBody.response(await handler.forums()) }
        v1.get("forums/:id") { _, context in
            let id = try Self.parameter("id", context)
            return try await JSONBody.answer { try await handler.forum(id) }
        }
        v1.get("forums/:id/schedule") { request, context in
            let id = try Self.parameter("id", context)
            let query = request.uri.queryParameters
            return try await JSONBody.answer {
                try await handler.schedule(month: query.string("month"), from: query.string("from"), to: query.string("to"),
                                           forum: id)
            }
        }
        v1.get("forums/:id/calendar.ics") { _, context in
            let id = try Self.parameter("id", context)
            do {
                let feed = try await handler.calendar(forum: id)
                return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: feed)))
            } catch {
                return JSONBody.failure(error)
            }
        }
        v1.get("notifications") { request, _ in
            let query = request.uri.queryParameters
            return try await JSONBody.answer {
                try await handler.notifications(forum: query.string("forum"), occurrence: query.string("occurrence"),
                                                since: query.string("since"))
            }
        }
        for action in ["cancel", "move", "restore"] {
            v1.post("occurrences/:uid/\(action)") { request, context in
                let uid = try Self.parameter("uid", context)
                return try await Self.change(action, uid: uid, request: request, context: context, handler: handler,
                                             logger: logger)
            }
        }
        v1.post("reload") { _, context in
            let allowed = if let peer = context.peer { await handler.mayReload(peer) } else { false }
            if let refusal = Self.refuse(context.peer, allowed: allowed, what: "reload", logger: logger,
                                         who: "root, members of the admin group and the daemon's own user", may: "reload") {
                return refusal
            }
            let outcome = await handler.reload()
            return try JSONBody.response(outcome, status: outcome.reloaded ? .ok : .badRequest)
        }
        return router
    }

    /// A path parameter, percent-decoded (a UID's "@" may arrive as %40).
    static func parameter(_ name: String, _ context: ControlContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// A cancel, move or restore: authorised, decoded, handed to the daemon.
    static func change(_ action: String, uid: String, request: Request, context: ControlContext,
                       handler: some ControlHandling, logger: Logger) async throws -> Response {
        let allowed = if let peer = context.peer { await handler.mayChange(peer) } else { false }
        if let refusal = refuse(context.peer, allowed: allowed, what: "\(action) \(uid)", logger: logger) {
            return refusal
        }
        guard let peer = context.peer else { return JSONBody.error(.forbidden, "unknown peer", status: .forbidden) }
        let dryRun: Bool
        switch request.uri.queryParameters.string("dry_run") {
        case nil, "false", "0": dryRun = false
        case "true", "1": dryRun = true
        case let other?: return JSONBody.error(.badRequest, "dry_run: expected true or false, not \"\(other)\"",
                                               status: .badRequest)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            return JSONBody.error(.tooLarge, "the request body is larger than \(context.maxUploadSize / 1024) KiB",
                                  status: .contentTooLarge)
        }
        let change: OccurrenceChange
        do {
            switch action {
            case "move":
                let move = try JSONBody.decode(MoveRequest.self, from: body)
                change = .move(uid: uid, start: move.start, venue: move.venue, reason: move.reason)
            case "cancel":
                change = .cancel(uid: uid, reason: try JSONBody.decode(ReasonRequest.self, from: body).reason)
            default:
                let reason = body.readableBytes == 0 ? nil : try JSONBody.decode(ReasonRequest.self, from: body).reason
                change = .restore(uid: uid, reason: reason ?? "restored")
            }
        } catch {
            return JSONBody.failure(error)
        }
        return try await JSONBody.answer { try await handler.change(change, by: peer, dryRun: dryRun) }
    }

    /// A 403 and an audit line unless `peer` is `allowed` to do `what`; the answer says
    /// `who` `may` do it.
    static func refuse(_ peer: Peer?, allowed: Bool, what: String, logger: Logger,
                       who: String = "root and members of the admin group", may: String = "change the schedule") -> Response? {
        if allowed { return nil }
        logger.warning("refused \(what) from \(peer.map(\.description) ?? "an unknown peer"): only \(who) may \(may)",
                       metadata: ["peer.uid": "\(peer.map { String($0.uid) } ?? "unknown")",
                                  "peer.pid": "\(peer.map { String($0.pid) } ?? "unknown")"])
        return JSONBody.error(.forbidden, "only \(who) may \(may)", status: .forbidden)
    }
}

extension FlatDictionary<Substring, Substring> {
    /// A query parameter as a String, nil when absent.
    func string(_ name: Substring) -> String? { self[name].map(String.init) }
}
