import ConveneTestSupport
import Foundation
import Glibc
import Testing

/// A graceful shutdown (SIGTERM) of the control server: a request already being handled
/// is still answered, and an idle keep-alive connection does not hold the daemon up.
@Suite(.timeLimit(.minutes(1)), .runsOnBlockingThreads) struct ControlServerShutdownTests {
    let directory: SocketDirectory

    init() throws {
        directory = try SocketDirectory()
    }

    private var path: String { directory.socketPath }

    /// Waits for the listener to close, which NIO marks by removing the socket file.
    private func listenerClosed() async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while FileManager.default.fileExists(atPath: path) {
            try #require(ContinuousClock.now < deadline, "the listener was still open 5 s after the shutdown began")
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test func aRequestInFlightWhenShutdownBeginsIsStillAnswered() async throws {
        let held = HeldRequest()
        var handler = StubControlHandler()
        handler.heldStatus = held
        let server = try await RunningControlServer.start(path: path, handler: handler)
        async let response = Curl.request("/v1/status", socket: path)
        var entered = held.entered.makeAsyncIterator()
        await entered.next()
        await server.beginShutdown()
        try await listenerClosed()
        held.letGo()
        #expect(try await response.status == 200)
        try await server.finished()
    }

    /// The idle timeout is an hour here, so a server that waited for its idle
    /// connections would never finish and the suite's time limit would fail the test.
    @Test func anIdleKeepAliveConnectionDoesNotHoldUpTheShutdown() async throws {
        let server = try await RunningControlServer.start(path: path, idleTimeout: .hours(1))
        let client = try UnixSocket.connect(to: path)
        defer { close(client) }
        let answer = try await DedicatedThread.run { try UnixSocket.get("/v1/status", on: client) }
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))

        await server.beginShutdown()
        try await server.finished()
        // The server closed the idle connection itself: the client reads end-of-file.
        var byte: UInt8 = 0
        #expect(read(client, &byte, 1) == 0)
    }
}
