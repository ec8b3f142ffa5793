import ConveneProtocol
import Hummingbird
import HummingbirdCore
import Logging

/// The routes of the control API, registered from the protocol's one table
/// (`ControlRoute`). Reads are parsed into typed requests here, once, and answered from
/// the daemon's snapshot with an entity tag (304 when the client has it); changes are
/// authorised by the peer's credentials, decoded and handed to the daemon.
public enum ControlRoutes {
    /// A router for `handler`'s endpoints.
    public static func router(_ handler: some ControlHandling, logger: Logger) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ErrorDocumentMiddleware())
        for route in ControlRoute.allCases {
            let path = RouterPath(route.pattern)
            switch route.method {
            case .get:
                router.get(path) { request, context in
                    try await Self.read(route, request: request, context: context, handler: handler, logger: logger)
                }
            case .post:
                router.post(path) { request, context in
                    try await Self.post(route, request: request, context: context, handler: handler, logger: logger)
                }
            }
        }
        return router
    }

    /// The typed read a GET of `route` asks for, from the path's parameter as it came
    /// (percent-encoded) and the query. Shared by the router and the event loop's fast path.
    static func readRequest(
        _ route: ControlRoute, parameter raw: Substring?, query: FlatDictionary<Substring, Substring>, reasons: Bool = false
    ) throws(ControlFailure) -> ReadRequest {
        func id() throws(ControlFailure) -> String {
            guard let raw else { throw ControlFailure(.badRequest, "\(route.pattern) needs its parameter") }
            return raw.percentDecoded ?? String(raw)
        }
        func schedule(forum: String?) throws(ControlFailure) -> ScheduleQuery {
            try ScheduleQuery.parse(
                month: query.string("month"), from: query.string("from"), to: query.string("to"), forum: forum,
                district: query.string("district"), series: query.string("series"), limit: query.string("limit"),
                cursor: query.string("cursor"))
        }
        switch route {
        case .status: return .status
        case .configFiles: return .configFiles
        case .schedule: return .schedule(try schedule(forum: query.string("forum")))
        case .forums:
            return .forums(
                try ForumQuery.parse(
                    district: query.string("district"), limit: query.string("limit"), cursor: query.string("cursor")))
        case .forum: return .forum(try id())
        case .forumSchedule:
            let forum = try id()
            return .schedule(try schedule(forum: forum))
        case .forumCalendar: return .calendar(forum: try id())
        case .forumFeedURL: return .feedURL(forum: try id())
        case .notifications:
            return .notifications(
                try NotificationQuery.parse(
                    forum: query.string("forum"), occurrence: query.string("occurrence"), since: query.string("since"),
                    series: query.string("series"), district: query.string("district"), limit: query.string("limit"),
                    cursor: query.string("cursor")))
        case .feed:
            let file = try id()
            guard file.hasSuffix(".ics"), FeedToken.isWellFormed(file.dropLast(4)) else {
                throw ControlFailure(.notFound, "no such feed")
            }
            return .feed(token: String(file.dropLast(4)))
        case .attendance:
            return .attendance(
                try AttendanceQuery.parse(
                    month: query.string("month"), from: query.string("from"), to: query.string("to"),
                    forum: query.string("forum")), reasons: reasons)
        case .occurrenceAttendance: return .occurrenceAttendance(uid: try id(), reasons: reasons)
        case .inbox: return .inbox(outcome: try InboxState.outcome(query.string("state")))
        case .suggestions:
            return .suggestions(
                series: try id(),
                try SuggestionQuery.parse(months: query.string("months"), top: query.string("top"), from: query.string("from")),
                reasons: reasons)
        case .items:
            return .items(
                try ItemQuery.parse(
                    forum: query.string("forum"), status: query.string("status"), overdue: query.string("overdue")),
                reasons: reasons)
        case .rotateForumFeed, .cancel, .move, .restore, .reload, .answer, .attended, .purgeInbox, .forget, .raiseItem,
            .itemAction, .itemStatus:
            throw ControlFailure(.badRequest, "\(route.pattern) is not read with GET")
        }
    }

    /// A GET: parsed, (for a feed's address) authorised, answered from the snapshot.
    static func read(
        _ route: ControlRoute, request: Request, context: ControlContext, handler: some ControlHandling,
        logger: Logger
    ) async throws -> Response {
        // Apologies' reasons are personal data: shown to root and the admin group only.
        let admin = if route.dependsOnPeer, let peer = context.peer { await handler.mayChange(peer) } else { false }
        let typed: ReadRequest
        do {
            typed = try readRequest(
                route, parameter: route.parameterName.flatMap { context.parameters.get($0) }.map { Substring($0) },
                query: request.uri.queryParameters, reasons: admin)
        } catch {
            return JSONBody.failure(error)
        }
        if route == .forumFeedURL {
            if let refusal = refuse(
                context.peer, allowed: admin, what: "read a feed address", logger: logger,
                may: "read or rotate a feed's address")
            {
                return refusal
            }
        }
        return response(await handler.read(typed), ifNoneMatch: request.headers[.ifNoneMatch])
    }

    /// The response for `answer`: 304 without a body when the client already has it.
    static func response(_ answer: ReadAnswer, ifNoneMatch: String?) -> Response {
        let (head, body) = answer.response(ifNoneMatch: ifNoneMatch)
        return Response(status: head.status, headers: head.headerFields, body: body.map { .init(byteBuffer: $0) } ?? .init())
    }

    /// A POST: a change, a feed's rotation or a reload.
    static func post(
        _ route: ControlRoute, request: Request, context: ControlContext, handler: some ControlHandling,
        logger: Logger
    ) async throws -> Response {
        switch route {
        case .cancel, .move, .restore:
            let uid = try parameter("uid", context)
            return try await change(
                route.rawValue, uid: uid, request: request, context: context, handler: handler,
                logger: logger)
        case .answer, .attended, .purgeInbox, .forget:
            return try await record(route, request: request, context: context, handler: handler, logger: logger)
        case .raiseItem, .itemAction, .itemStatus:
            return try await item(route, request: request, context: context, handler: handler, logger: logger)
        case .rotateForumFeed:
            let id = try parameter("id", context)
            let allowed = if let peer = context.peer { await handler.mayChange(peer) } else { false }
            if let refusal = refuse(
                context.peer, allowed: allowed, what: "rotate \(id)'s feed address", logger: logger,
                may: "read or rotate a feed's address")
            {
                return refusal
            }
            guard let peer = context.peer else { return JSONBody.error(.forbidden, "unknown peer", status: .forbidden) }
            return try await JSONBody.answer { try await handler.rotateFeed(forum: id, by: peer) }
        default:
            let allowed = if let peer = context.peer { await handler.mayReload(peer) } else { false }
            if let refusal = Self.refuse(
                context.peer, allowed: allowed, what: "reload", logger: logger,
                who: "root, members of the admin group and the daemon's own user", may: "reload")
            {
                return refusal
            }
            let outcome = await handler.reload()
            return try JSONBody.response(outcome, status: outcome.reloaded ? .ok : .badRequest)
        }
    }

    /// A path parameter, percent-decoded (a UID's "@" may arrive as %40).
    static func parameter(_ name: String, _ context: ControlContext) throws(ControlFailure) -> String {
        guard let raw = context.parameters.get(name) else { throw ControlFailure(.badRequest, "\(name) is missing") }
        return raw.percentDecoded ?? raw
    }

    /// A cancel, move or restore: authorised, decoded, handed to the daemon.
    static func change(
        _ action: String, uid: String, request: Request, context: ControlContext,
        handler: some ControlHandling, logger: Logger
    ) async throws -> Response {
        let allowed = if let peer = context.peer { await handler.mayChange(peer) } else { false }
        if let refusal = refuse(context.peer, allowed: allowed, what: "\(action) \(uid)", logger: logger) {
            return refusal
        }
        guard let peer = context.peer else { return JSONBody.error(.forbidden, "unknown peer", status: .forbidden) }
        let dryRun: Bool
        switch request.uri.queryParameters.string("dry_run") {
        case nil, "false", "0": dryRun = false
        case "true", "1": dryRun = true
        case let other?:
            return JSONBody.error(
                .badRequest, "dry_run: expected true or false, not \"\(other)\"",
                status: .badRequest)
        }
        guard let body = await Self.body(of: request, context) else { return Self.tooLarge(context) }
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

    /// An answer taken by phone, who came, a purge or an erasure: authorised, decoded,
    /// handed to the daemon.
    static func record(
        _ route: ControlRoute, request: Request, context: ControlContext, handler: some ControlHandling, logger: Logger
    ) async throws -> Response {
        let (peer, body): (Peer, ByteBuffer)
        switch await admit(
            request, context, handler: handler, logger: logger, what: route.rawValue, may: "record answers or attendance")
        {
        case .refused(let response): return response
        case .admitted(let caller, let bytes): (peer, body) = (caller, bytes)
        }
        let record: CoordinatorRecord
        do {
            switch route {
            case .answer:
                record = .answer(uid: try parameter("uid", context), try JSONBody.decode(AnswerRequest.self, from: body))
            case .attended:
                record = .attended(uid: try parameter("uid", context), try JSONBody.decode(AttendedRequest.self, from: body))
            case .purgeInbox: record = .purge(try JSONBody.decode(PurgeRequest.self, from: body))
            default: record = .forget(try JSONBody.decode(ForgetRequest.self, from: body))
            }
        } catch {
            return JSONBody.failure(error)
        }
        return try await JSONBody.answer { try await handler.record(record, by: peer) }
    }

    /// A change only root and the admin group may make, let in: the caller and the
    /// request's body; or the answer refusing it (403, or 413 for a body too large).
    enum Admission {
        case admitted(Peer, ByteBuffer)
        case refused(Response)
    }

    static func admit(
        _ request: Request, _ context: ControlContext, handler: some ControlHandling, logger: Logger, what: String,
        may: String
    ) async -> Admission {
        let allowed = if let peer = context.peer { await handler.mayChange(peer) } else { false }
        if let refusal = refuse(context.peer, allowed: allowed, what: what, logger: logger, may: may) {
            return .refused(refusal)
        }
        guard let peer = context.peer else {
            return .refused(JSONBody.error(.forbidden, "unknown peer", status: .forbidden))
        }
        guard let body = await Self.body(of: request, context) else { return .refused(Self.tooLarge(context)) }
        return .admitted(peer, body)
    }

    /// A change to the co-production record: authorised, decoded, handed to the daemon.
    static func item(
        _ route: ControlRoute, request: Request, context: ControlContext, handler: some ControlHandling, logger: Logger
    ) async throws -> Response {
        let (peer, body): (Peer, ByteBuffer)
        switch await admit(
            request, context, handler: handler, logger: logger, what: route.rawValue, may: "record what forums raised")
        {
        case .refused(let response): return response
        case .admitted(let caller, let bytes): (peer, body) = (caller, bytes)
        }
        let change: ItemChange
        do {
            func id() throws(ControlFailure) -> Int {
                let text = try parameter("id", context)
                guard let id = Int(text), id > 0 else { throw ControlFailure(.notFound, "no item \"\(text)\"") }
                return id
            }
            switch route {
            case .raiseItem: change = .raise(try JSONBody.decode(RaiseRequest.self, from: body))
            case .itemAction: change = .action(item: try id(), try JSONBody.decode(ActionRequest.self, from: body))
            default: change = .status(item: try id(), try JSONBody.decode(StatusRequest.self, from: body))
            }
        } catch {
            return JSONBody.failure(error)
        }
        return try await JSONBody.answer { try await handler.item(change, by: peer) }
    }

    /// The request's body, or nil when it is larger than the context allows.
    static func body(of request: Request, _ context: ControlContext) async -> ByteBuffer? {
        var request = request
        return try? await request.collectBody(upTo: context.maxUploadSize)
    }

    static func tooLarge(_ context: ControlContext) -> Response {
        JSONBody.error(
            .tooLarge, "the request body is larger than \(context.maxUploadSize / 1024) KiB", status: .contentTooLarge)
    }

    /// A 403 and an audit line unless `peer` is `allowed` to do `what`; the answer says
    /// `who` `may` do it.
    static func refuse(
        _ peer: Peer?, allowed: Bool, what: String, logger: Logger,
        who: String = "root and members of the admin group", may: String = "change the schedule"
    ) -> Response? {
        if allowed { return nil }
        logger.warning(
            "refused \(what): only \(who) may \(may)",
            metadata: [
                "peer.uid": "\(peer.map { String($0.uid) } ?? "unknown")",
                "peer.pid": "\(peer.map { String($0.pid) } ?? "unknown")",
            ])
        return JSONBody.error(.forbidden, "only \(who) may \(may)", status: .forbidden)
    }
}

extension FlatDictionary<Substring, Substring> {
    /// A query parameter as a String, nil when absent.
    func string(_ name: Substring) -> String? { self[name].map(String.init) }
}
