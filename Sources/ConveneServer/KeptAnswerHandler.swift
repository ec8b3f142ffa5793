import ConveneProtocol
import HummingbirdCore
import NIOCore

/// First in each connection's pipeline: answers GETs whose answer the daemon already
/// holds, encoded (`ControlHandling.keptAnswer`), straight from the request's bytes on
/// the event loop: no task, no router, the body shared and never copied. Pipelined
/// requests are answered in one write.
///
/// The first request it does not answer so (a change, a first read of something, a
/// feed's address, which needs the peer's credentials, HTTP/1.0, a body, anything
/// unusual, anything before the daemon has finished starting) hands the connection over for good: Hummingbird's HTTP/1.1 pipeline is put
/// in after this handler, gets the bytes from that request on, and this handler leaves.
/// Every earlier answer has been written by then, so nothing is answered out of turn.
/// Until then, this handler keeps the connection's idle timeout and closes it when the
/// server quiesces (it is never in the middle of an answer).
final class KeptAnswerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Adds the HTTP pipeline that takes over, right after this handler.
    typealias HandOver = (ChannelPipeline.SynchronousOperations, KeptAnswerHandler) throws -> Void

    private let handler: any ControlHandling
    private let serving: ServingGate
    private let idleTimeout: TimeAmount
    private let headLimit: Int
    private let lineLimit: Int
    private let handOver: HandOver
    /// Bytes of a request not yet whole.
    private var received: ByteBuffer?
    private var lastAnswered = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    private var handedOver = false
    /// The last answer's write: the connection is closed only once it is done, so a
    /// large answer is never cut short.
    private var lastWrite: EventLoopFuture<Void>?
    /// The client has sent all it will (a half-close): the connection closes once every
    /// whole request it sent has been answered and written.
    private var inputEnded = false

    /// `headLimit` and `lineLimit` are the router's parser's limits on a request's head
    /// and on each of its lines: past them, it refuses the request, so it gets it.
    init(
        _ handler: any ControlHandling, serving: ServingGate, idleTimeout: TimeAmount, headLimit: Int, lineLimit: Int,
        handOver: @escaping HandOver
    ) {
        self.handler = handler
        self.serving = serving
        self.idleTimeout = idleTimeout
        self.headLimit = headLimit
        self.lineLimit = lineLimit
        self.handOver = handOver
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { scheduleIdleCheck(context, at: .now() + idleTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleIdleCheck(context, at: .now() + idleTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !handedOver else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        if received == nil { received = bytes } else { received!.writeBuffer(&bytes) }
        // A client that sends faster than it reads: answers wait for the socket to drain,
        // and past a head's worth of waiting requests the router's pipeline, which reads
        // no further while it is behind, takes the connection.
        if !context.channel.isWritable, let waiting = received, waiting.readableBytes > headLimit {
            return passOn(context)
        }
        answerWholeRequests(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !handedOver, context.channel.isWritable { answerWholeRequests(context) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard !handedOver else { return context.fireUserInboundEventTriggered(event) }
        switch event {
        case is ChannelShouldQuiesceEvent:
            closeWhenWritten(context)
        case ChannelEvent.inputClosed:
            inputEnded = true
            answerWholeRequests(context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Answers each whole request received, in order, until one needs the router.
    private func answerWholeRequests(_ context: ChannelHandlerContext) {
        var answered = 0
        var closing = false
        while let buffer = received, !closing, context.channel.isWritable {
            guard let length = KeptRequest.headLength(buffer.readableBytesView) else {
                if buffer.readableBytes > headLimit { return passOn(context) }  // NIO's decoder refuses it
                break
            }
            guard length <= headLimit, let request = KeptRequest(buffer.readableBytesView.prefix(length), lineLimit: lineLimit),
                let answer = keptAnswer(request)
            else {
                if answered > 0 { context.flush() }
                return passOn(context)
            }
            received!.moveReaderIndex(forwardBy: length)
            if received!.readableBytes == 0 { received = nil }
            write(answer, for: request, context: context)
            answered += 1
            closing = request.asksToClose
        }
        if answered > 0 {
            context.flush()
            lastAnswered = .now()
        }
        // Closing: asked to, or the client's input has ended and no whole request is left
        // (a partial one can never complete).
        let wholeRequestLeft = received.flatMap { KeptRequest.headLength($0.readableBytesView) } != nil
        if closing || (inputEnded && !wholeRequestLeft) { closeWhenWritten(context) }
    }

    /// Closes the connection once the answers written so far have gone out.
    private func closeWhenWritten(_ context: ChannelHandlerContext) {
        guard let lastWrite else { return context.close(promise: nil) }
        lastWrite.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func keptAnswer(_ request: KeptRequest) -> ReadAnswer? {
        guard serving.isServing else { return nil }
        let uri = URI(request.target)
        guard let (route, parameter) = ControlRoute.match(.get, path: Substring(uri.path)), !route.dependsOnPeer,
            let typed = try? ControlRoutes.readRequest(route, parameter: parameter, query: uri.queryParameters)
        else { return nil }
        return handler.keptAnswer(typed)
    }

    private func write(_ answer: ReadAnswer, for request: KeptRequest, context: ChannelHandlerContext) {
        let (head, body) = answer.wire(ifNoneMatch: request.ifNoneMatch, closing: request.asksToClose)
        lastWrite = context.write(wrapOutboundOut(head))
        if let body { lastWrite = context.write(wrapOutboundOut(body)) }
    }

    /// Hands the connection to Hummingbird's pipeline, with every byte not yet answered.
    private func passOn(_ context: ChannelHandlerContext) {
        handedOver = true
        idleCheck?.cancel()
        idleCheck = nil
        do {
            try handOver(context.pipeline.syncOperations, self)
        } catch {
            context.fireErrorCaught(error)
            context.close(promise: nil)
            return
        }
        if let rest = received {
            received = nil
            context.fireChannelRead(wrapInboundOut(rest))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// Closes the connection once no request has been answered for `idleTimeout` (a
    /// client that stops half-way through a request included).
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        idleCheck = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) {
            self.idleCheck = nil
            guard !self.handedOver else { return }
            let due = self.lastAnswered + self.idleTimeout
            if NIODeadline.now() >= due {
                context.close(promise: nil)
            } else {
                self.scheduleIdleCheck(context, at: due)
            }
        }
    }
}
