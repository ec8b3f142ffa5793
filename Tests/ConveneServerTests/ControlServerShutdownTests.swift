import Foundation
import Glibc
import Testing

/// A graceful shutdown (SIGTERM) of the control server: a request already being handled
/// is still answered, and an idle keep-alive connection does not hold the daemon up.
@Suite(.timeLimit(.minutes(1))) struct ControlServerShutdownTests {
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

    @Test func anIdleKeepAliveConnectionDoesNotHoldUpTheShutdown() async throws {
        let server = try await RunningControlServer.start(path: path)
        let client = try UnixSocket.connect(to: path)
        let answer = try await DedicatedThread.run { try UnixSocket.get("/v1/status", on: client) }
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))

        await server.beginShutdown()
        let finishing = Task { try await server.finished() }
        let finishedInTime = await withTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await finishing.result; return true }
            group.addTask {
                try? await Task.sleep(for: .seconds(3))
                return false
            }
            let first = await group.next() ?? false
            // Hanging up lets a server that waits for its idle connections finish now.
            shutdown(client, Int32(SHUT_RDWR))
            group.cancelAll()
            return first
        }
        close(client)
        try await finishing.value
        #expect(finishedInTime, "the server had not finished 3 s after the shutdown began")
    }
}
