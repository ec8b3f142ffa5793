import ConveneServer
import Logging
import NIOCore
import ServiceLifecycle

/// A `ControlServer` on a socket path, run in a `ServiceGroup` as the daemon runs it:
/// started and awaited until it listens (its `onListening`), stopped with the graceful
/// shutdown SIGTERM triggers.
struct RunningControlServer {
    static let logger = Logger(label: "convene.test.control") { _ in SwiftLogNoOpLogHandler() }

    struct NeverListened: Error, CustomStringConvertible {
        var description: String { "the control server finished without listening" }
    }

    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Starts a server for `handler` on `path` and returns once it accepts connections.
    static func start(
        path: String, handler: some ControlHandling = StubControlHandler(),
        idleTimeout: TimeAmount = .seconds(30)
    ) async throws -> Self {
        let (listening, signal) = AsyncStream.makeStream(of: Void.self)
        let server = ControlServer(listener: .path(path), handler: handler, logger: logger, idleTimeout: idleTimeout) {
            signal.yield()
        }
        let group = ServiceGroup(services: [server], logger: logger)
        let running = Task {
            defer { signal.finish() }
            try await group.run()
        }
        var signals = listening.makeAsyncIterator()
        guard await signals.next() != nil else {
            try await running.value
            throw NeverListened()
        }
        return Self(group: group, running: running)
    }

    /// Begins a graceful shutdown and returns without waiting for it.
    func beginShutdown() async {
        await group.triggerGracefulShutdown()
    }

    /// Waits until the server's `run()` has returned.
    func finished() async throws {
        try await running.value
    }

    /// Shuts down gracefully and waits until the server has finished.
    func shutDown() async throws {
        await beginShutdown()
        try await finished()
    }

    /// Runs `body` while a server for `handler` listens on `path`; returns once the server
    /// has shut down, however `body` ended.
    static func with<T: Sendable>(
        path: String, handler: some ControlHandling = StubControlHandler(),
        _ body: () async throws -> T
    ) async throws -> T {
        let server = try await start(path: path, handler: handler)
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        try await server.shutDown()
        return try outcome.get()
    }
}
