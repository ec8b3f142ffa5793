import ConveneProtocol
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The control API served over a Unix socket, HTTP/1.1, on a descriptor systemd passed
/// in or on a path bound here. Reads the daemon already holds are answered on the event
/// loop (`KeptAnswerHandler`); everything else goes through Hummingbird's HTTP1Channel
/// and router. Built on NIO's `ServerBootstrap` directly because Hummingbird's server has
/// no inherited-socket option.
public struct ControlServer: Service, CustomStringConvertible {
    public var description: String { "ControlServer" }

    public let listener: ControlListener
    public let logger: Logger
    let responder: RouterResponder<ControlContext>
    let handler: any ControlHandling
    /// Called once the socket accepts connections (the daemon then says READY=1).
    let onListening: @Sendable () async -> Void

    /// Idle keep-alive connections, and clients that stop half-way, are closed after this long.
    public let idleTimeout: TimeAmount
    /// Opened once `onListening` has returned: until then the daemon is still starting,
    /// and requests wait for the router (which takes connections only from then on)
    /// rather than be answered on the event loop from what the daemon held before.
    let serving = ServingGate()

    public init(
        listener: ControlListener, handler: some ControlHandling, logger: Logger,
        idleTimeout: TimeAmount = .seconds(30), onListening: @escaping @Sendable () async -> Void = {}
    ) {
        self.listener = listener
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.onListening = onListening
        self.handler = handler
        responder = ControlRoutes.router(handler, logger: logger).buildResponder()
    }

    public func run() async throws {
        // Small limits: requests are a line, a few headers and a small JSON body; a
        // client that stops half-way is closed after the idle timeout.
        let limits = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 64)
        let http = HTTP1Channel(
            responder: respond,
            configuration: .init(idleTimeout: idleTimeout, httpDecoderConfiguration: limits))
        let setup = { @Sendable (channel: any Channel) in self.setUp(channel, limits: limits) }
        let quiescing = ServerQuiescingHelper(group: MultiThreadedEventLoopGroup.singleton)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        let logger = self.logger
        let server: NIOAsyncChannel<HTTP1Channel.Value, Never>
        switch listener {
        case .inherited(let descriptor):
            server = try await bootstrap.bind(descriptor, childChannelInitializer: setup)
        case .path(let path):
            try SocketPath.prepare(path)
            do {
                server = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: setup)
            } catch {
                throw ControlListenerError.cannotBind(path: path, reason: "\(error)")
            }
            chmod(path, 0o660)
        }
        logger.debug("control socket listening", metadata: ["socket": "\(listener)"])
        await onListening()
        serving.open()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await http.handle(value: connection, logger: logger) }
                    }
                }
            }
        } onGracefulShutdown: {
            // Closes the listener and asks every connection to finish: an idle keep-alive
            // one closes at once, a busy one after its response (not at the idle timeout).
            quiescing.initiateShutdown(promise: nil)
        }
    }

    /// A connection's pipeline: `KeptAnswerHandler`, which answers the reads the daemon
    /// already holds, and, from the first request it passes on, Hummingbird's HTTP/1.1
    /// channel as `HTTP1Channel.setup` builds it.
    func setUp(_ channel: any Channel, limits: HTTP1Channel.Configuration.DecoderConfiguration)
        -> EventLoopFuture<HTTP1Channel.Value>
    {
        let idleTimeout = self.idleTimeout
        let logger = self.logger
        let serving = self.serving
        return channel.eventLoop.makeCompletedFuture {
            let handOver: KeptAnswerHandler.HandOver = { pipeline, kept in
                var decoderLimits = NIOHTTPDecoderLimitConfiguration()
                decoderLimits.maxHeaderFieldSize = limits.maxHeaderFieldSize
                decoderLimits.maxHeaderListSize = limits.maxHeaderListSize
                decoderLimits.maxHeaderFieldCount = limits.maxHeaderFieldCount
                // Each is put in right after the kept-answer handler, so last first.
                try pipeline.addHandler(
                    HTTPConnectionStateHandler(
                        idleTimeout: .nanoseconds(idleTimeout.nanoseconds),
                        logger: logger),
                    position: .after(kept))
                try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false), position: .after(kept))
                try pipeline.configureHTTPServerPipeline(
                    position: .after(kept), withPipeliningAssistance: false,
                    withErrorHandling: false, withOutboundHeaderValidation: false,
                    withEncoderConfiguration: .init(),
                    withDecoderLimitConfiguration: decoderLimits)
            }
            try channel.pipeline.syncOperations.addHandler(
                KeptAnswerHandler(
                    handler, serving: serving, idleTimeout: idleTimeout, headLimit: limits.maxHeaderListSize,
                    lineLimit: limits.maxHeaderFieldSize, handOver: handOver))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// Routes one request; errors become the protocol's JSON error document.
    @Sendable func respond(_ request: Request, _ writer: consuming ResponseWriter, _ channel: any Channel) async throws {
        var context = ControlContext(source: .init(channel: channel, logger: logger))
        context.peer = try? await PeerCredentials.of(channel)
        let response: Response
        do {
            // Hummingbird's own errors became error documents in ErrorDocumentMiddleware.
            response = try await responder.respond(to: request, context: context)
        } catch {
            logger.error("control request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            response = JSONBody.error(.internalError, "internal error: \(error)", status: .internalServerError)
        }
        try await response.body.write(writer.writeHead(response.head))
    }
}

/// Whether the server has finished starting (see `ControlServer.serving`).
final class ServingGate: Sendable {
    private let isOpen = Atomic(false)

    func open() { isOpen.store(true, ordering: .releasing) }
    var isServing: Bool { isOpen.load(ordering: .acquiring) }
}
