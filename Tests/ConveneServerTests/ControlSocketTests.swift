import ConveneServer
import ConveneTestSupport
import Foundation
import Glibc
import Testing

/// The control socket's life on disk: created group-writable (0660), a stale socket left
/// by a crash replaced, a live daemon's socket never taken over, anything that is not a
/// socket refused, and the path removed again on a graceful shutdown.
@Suite(.timeLimit(.minutes(1)), .runsOnBlockingThreads) struct ControlSocketTests {
    let directory: SocketDirectory

    init() throws {
        directory = try SocketDirectory()
    }

    private var path: String { directory.socketPath }

    /// The file type and permission bits at `path`, or nil when there is nothing there.
    private func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode : nil
    }

    @Test func theSocketIsReadableAndWritableByOwnerAndGroupOnly() async throws {
        let mode = try await RunningControlServer.with(path: path) { self.mode(path) }
        let listening = try #require(mode)
        #expect(listening & S_IFMT == S_IFSOCK)
        #expect(String(listening & 0o7777, radix: 8) == "660")
    }

    @Test func aGracefulShutdownRemovesTheSocket() async throws {
        let existed = try await RunningControlServer.with(path: path) { mode(path) != nil }
        #expect(existed)
        #expect(mode(path) == nil)
    }

    @Test func aStaleSocketFromACrashIsReplaced() async throws {
        try UnixSocket.leaveStale(at: path)
        #expect(mode(path).map { $0 & S_IFMT } == S_IFSOCK)
        let response = try await RunningControlServer.with(path: path) {
            try await Curl.request("/v1/status", socket: path)
        }
        #expect(response.status == 200)
    }

    @Test func aLiveDaemonsSocketIsNotTakenOver() async throws {
        let (outcome, firstStillAnswers) = try await RunningControlServer.with(path: path) {
            let (listening, signal) = AsyncStream.makeStream(of: Void.self)
            let second = ControlServer(
                listener: .path(path), handler: StubControlHandler(),
                logger: RunningControlServer.logger
            ) { signal.yield() }
            let attempt = Task {
                defer { signal.finish() }
                try await second.run()
            }
            for await _ in listening {
                Issue.record("a second server listens on the live daemon's socket")
                attempt.cancel()
            }
            return (await attempt.result, try await Curl.request("/v1/status", socket: path).status == 200)
        }
        #expect(firstStillAnswers)
        let error = #expect(throws: ControlListenerError.self) { try outcome.get() }
        guard case .inUse(let reported) = error else {
            Issue.record("expected inUse, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
    }

    enum Obstacle: String, CaseIterable {
        case regularFile = "a regular file"
        case directory = "a directory"
        case symbolicLinkToASocket = "a symbolic link to a socket"

        func place(at path: String) throws {
            switch self {
            case .regularFile: try Data("not a socket\n".utf8).write(to: URL(fileURLWithPath: path))
            case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            case .symbolicLinkToASocket:
                try UnixSocket.leaveStale(at: path + ".real")
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".real")
            }
        }
    }

    @Test(arguments: Obstacle.allCases)
    func somethingThatIsNotASocketIsLeftAloneAndRefused(obstacle: Obstacle) async throws {
        try obstacle.place(at: path)
        let before = try #require(mode(path))
        let server = ControlServer(
            listener: .path(path), handler: StubControlHandler(),
            logger: RunningControlServer.logger)
        let error = await #expect(throws: ControlListenerError.self) { try await server.run() }
        guard case .cannotBind(let reported, let reason) = error else {
            Issue.record("expected cannotBind, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(reason == "a file that is not a socket is in the way")
        #expect(mode(path) == before)
    }
}
