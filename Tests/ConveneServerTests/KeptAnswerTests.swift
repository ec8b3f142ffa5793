import ConveneProtocol
import ConveneServer
import Foundation
import Glibc
import Synchronization
import Testing

/// Reads the daemon already holds are answered on the connection's event loop, without
/// the router: the same bytes the router would send, in the order the requests came.
@Suite(.timeLimit(.minutes(1))) struct KeptAnswerTests {
    /// A daemon that holds the status and refusals at hand (when `keeps`), counts the
    /// reads that reach the router, and can hold a schedule read in flight.
    final class KeepingHandler: ControlHandling {
        let keeps: Bool
        let heldSchedule: HeldRequest?
        let routedReads = Mutex(0)
        private let stub = StubControlHandler()

        init(keeps: Bool, heldSchedule: HeldRequest? = nil) {
            self.keeps = keeps
            self.heldSchedule = heldSchedule
        }

        func read(_ request: ReadRequest) async -> ReadAnswer {
            routedReads.withLock { $0 += 1 }
            if case .schedule = request { await heldSchedule?.hold() }
            return await stub.read(request)
        }

        func record(_ record: CoordinatorRecord, by peer: Peer) async throws(ControlFailure) -> RecordedDocument {
            try await stub.record(record, by: peer)
        }

        func keptAnswer(_ request: ReadRequest) -> ReadAnswer? {
            guard keeps else { return nil }
            switch request {
            case .status: return .document(stub.statusDocument)
            case .forum(let id): return .refusal(ControlFailure(.notFound, "no forum \(id)"))
            case .calendar(forum: "big"): return Self.big
            default: return nil
            }
        }

        /// An answer far larger than a socket's buffer: 4 MiB.
        static let big = ReadAnswer.calendar([UInt8](repeating: UInt8(ascii: "x"), count: 4 << 20))

        func reload() async -> ReloadDocument { await stub.reload() }
        func change(_ change: OccurrenceChange, by peer: Peer, dryRun: Bool) async throws(ControlFailure)
            -> ChangeDocument
        { try await stub.change(change, by: peer, dryRun: dryRun) }
        func rotateFeed(forum id: String, by peer: Peer) async throws(ControlFailure) -> FeedURLDocument {
            try await stub.rotateFeed(forum: id, by: peer)
        }
        func mayChange(_ peer: Peer) async -> Bool { await stub.mayChange(peer) }
    }

    let directory: SocketDirectory

    init() throws {
        directory = try SocketDirectory()
    }

    /// The raw response to `request` from a server for `handler`.
    private func exchange(_ request: String, handler: KeepingHandler, path: String) async throws -> String {
        try await RunningControlServer.with(path: path, handler: handler) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            return try await DedicatedThread.run { try UnixSocket.exchange(request, on: client) }
        }
    }

    static let requests = [
        "GET /v1/status HTTP/1.1\r\nHost: convened\r\n\r\n",
        "GET /v1/forums/nobody HTTP/1.1\r\nHost: convened\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\nHost: convened\r\nIf-None-Match: \"0\", \(ReadAnswer.document(StubControlHandler().statusDocument).etag!)\r\n\r\n",
    ]

    @Test(arguments: requests)
    func aKeptAnswerIsWhatTheRouterSendsToTheByte(request: String) async throws {
        let keeping = KeepingHandler(keeps: true)
        let routing = KeepingHandler(keeps: false)
        let fast = try await exchange(request, handler: keeping, path: directory.socketPath)
        let routed = try await exchange(request, handler: routing, path: directory.path + "/routed.sock")
        #expect(fast == routed)
        #expect(keeping.routedReads.withLock { $0 } == 0, "the kept answer did not go through the router")
        #expect(routing.routedReads.withLock { $0 } == 1)
        #expect(fast.hasPrefix("HTTP/1.1 200") || fast.hasPrefix("HTTP/1.1 404") || fast.hasPrefix("HTTP/1.1 304"))
    }

    /// Requests sent at once: a kept one, one that waits in the router, a kept one. The
    /// connection passes to the router at the second, so the third waits its turn there.
    @Test func pipelinedRequestsAreAnsweredInTheOrderTheyCame() async throws {
        let held = HeldRequest()
        let handler = KeepingHandler(keeps: true, heldSchedule: held)
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: handler) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            try UnixSocket.send(
                Self.get("/v1/forums/nobody") + Self.get("/v1/schedule") + Self.get("/v1/status"),
                on: client)
            var entered = held.entered.makeAsyncIterator()
            await entered.next()
            held.letGo()
            let answers = try await DedicatedThread.run { try UnixSocket.readResponses(3, on: client) }
            #expect(answers[0].hasPrefix("HTTP/1.1 404") && answers[0].contains("no forum nobody"))
            #expect(answers[1].contains("\"occurrences\""), "the schedule, asked second, comes second")
            #expect(answers[2].contains("\"state\":\"running\""))
            #expect(handler.routedReads.withLock { $0 } == 2, "the router had the connection from the schedule on")
        }
    }

    @Test func manyKeptRequestsSentAtOnceAreAllAnsweredWithoutTheRouter() async throws {
        let handler = KeepingHandler(keeps: true)
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: handler) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            try UnixSocket.send(String(repeating: Self.get("/v1/status"), count: 50), on: client)
            let answers = try await DedicatedThread.run { try UnixSocket.readResponses(50, on: client) }
            #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200 OK\r\n") && $0.contains("\"state\":\"running\"") })
            #expect(handler.routedReads.withLock { $0 } == 0)
        }
    }

    /// A kept read and then a reload in one write: the reload reaches the router whole.
    @Test func aChangeAfterKeptReadsIsHandedToTheRouterWhole() async throws {
        let handler = KeepingHandler(keeps: true)
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: handler) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            try UnixSocket.send(
                Self.get("/v1/status")
                    + "POST /v1/reload HTTP/1.1\r\nHost: convened\r\nContent-Length: 2\r\n\r\n{}"
                    + Self.get("/v1/status"), on: client)
            let answers = try await DedicatedThread.run { try UnixSocket.readResponses(3, on: client) }
            #expect(answers[0].contains("\"state\":\"running\""))
            #expect(answers[1].hasPrefix("HTTP/1.1 200 OK\r\n") && answers[1].contains("\"reloaded\":true"))
            #expect(answers[2].contains("\"state\":\"running\""))
        }
    }

    /// A GET with a body is not one the event loop reads: the router frames it.
    @Test func aReadWithABodyGoesToTheRouter() async throws {
        let handler = KeepingHandler(keeps: true)
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: handler) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            try UnixSocket.send(
                "GET /v1/status HTTP/1.1\r\nHost: convened\r\nContent-Length: 5\r\n\r\nhello"
                    + Self.get("/v1/status"), on: client)
            let answers = try await DedicatedThread.run { try UnixSocket.readResponses(2, on: client) }
            #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200 OK\r\n") })
            #expect(handler.routedReads.withLock { $0 } == 2)
        }
    }

    /// A client that sends half a request and stops is closed at the idle timeout.
    @Test func aClientThatStopsHalfWayThroughARequestIsClosed() async throws {
        let path = directory.socketPath
        let server = try await RunningControlServer.start(
            path: path, handler: KeepingHandler(keeps: true),
            idleTimeout: .milliseconds(200))
        let client = try UnixSocket.connect(to: path)
        defer { close(client) }
        try UnixSocket.send("GET /v1/status HTTP/1.1\r\nHost: conv", on: client)
        let closed = try await DedicatedThread.run { () -> Int in
            var byte: UInt8 = 0
            return read(client, &byte, 1)
        }
        #expect(closed == 0, "the server closed the connection")
        try await server.shutDown()
    }

    static func get(_ target: String) -> String { "GET \(target) HTTP/1.1\r\nHost: convened\r\n\r\n" }

    @Test func aClientThatAsksToCloseIsClosedAfterAKeptAnswer() async throws {
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: KeepingHandler(keeps: true)) {
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            let answer = try await DedicatedThread.run {
                try UnixSocket.exchange("GET /v1/status HTTP/1.1\r\nHost: convened\r\nConnection: close\r\n\r\n", on: client)
            }
            #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.lowercased().contains("\r\nconnection: close\r\n"))
            var byte: UInt8 = 0
            #expect(read(client, &byte, 1) == 0, "the server closed the connection")
        }
    }

    /// Answers larger than the socket's buffer are written out whole before the server
    /// closes: after `Connection: close`, and after the client half-closes (as `nc` does
    /// when its input ends) with several of them still to write.
    @Test func largeAnswersAreNeverCutShortByAClose() async throws {
        let path = directory.socketPath
        try await RunningControlServer.with(path: path, handler: KeepingHandler(keeps: true)) {
            // One request first: the server answers from the event loop only once it has
            // finished starting, a moment after it says it listens.
            let warm = try UnixSocket.connect(to: path)
            _ = try await DedicatedThread.run { try UnixSocket.exchange(Self.get("/v1/status"), on: warm) }
            close(warm)
            let client = try UnixSocket.connect(to: path)
            defer { close(client) }
            let closing = "GET /v1/forums/big/calendar.ics HTTP/1.1\r\nHost: convened\r\nConnection: close\r\n\r\n"
            let answer = try await DedicatedThread.run { try UnixSocket.exchange(closing, on: client) }
            #expect(answer.utf8.count > 4 << 20 && answer.hasSuffix("xxxx"))

            let second = try UnixSocket.connect(to: path)
            defer { close(second) }
            try UnixSocket.send(String(repeating: Self.get("/v1/forums/big/calendar.ics"), count: 3), on: second)
            #expect(shutdown(second, Int32(SHUT_WR)) == 0)
            let answers = try await DedicatedThread.run { try UnixSocket.readResponses(3, on: second) }
            #expect(answers.count == 3 && answers.allSatisfy { $0.utf8.count > 4 << 20 })
        }
    }

    /// A connection that only ever gets kept answers still counts as busy: the idle
    /// timeout closes it only once it has been idle. (Requests follow each other without
    /// pause for longer than the timeout; a gap as long as the timeout would be idleness.)
    @Test func theIdleTimeoutStillClosesAConnectionServedOnlyKeptAnswers() async throws {
        let path = directory.socketPath
        let server = try await RunningControlServer.start(
            path: path, handler: KeepingHandler(keeps: true),
            idleTimeout: .seconds(2))
        let client = try UnixSocket.connect(to: path)
        defer { close(client) }
        let answers = try await DedicatedThread.run { () -> [String] in
            var answers: [String] = []
            let started = ContinuousClock.now
            while ContinuousClock.now - started < .seconds(3) {
                answers.append(try UnixSocket.exchange(Self.get("/v1/status"), on: client))
            }
            return answers
        }
        #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200 OK\r\n") }, "a busy connection is not closed as idle")
        let closed = try await DedicatedThread.run { () -> Int in
            var byte: UInt8 = 0
            return read(client, &byte, 1)
        }
        #expect(closed == 0, "the server closed the connection once it was idle")
        try await server.shutDown()
    }
}
