import ConveneSystemd
import Glibc
import Testing

extension ProcessEnvironmentTests {
    /// Without sockets passed to this very process, the daemon finds none and binds its
    /// own; the `LISTEN_*` variables are removed either way so children never inherit
    /// them; garbled ones are an error, not a silent fallback to binding a path.
    @Suite struct SocketActivationTests {
        static let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]

        private func inheritedSocket(with values: [String: String?]) throws -> Int32? {
            var environment = Dictionary(uniqueKeysWithValues: Self.variables.map { ($0, String?.none) })
            environment.merge(values) { _, given in given }
            return try ProcessEnvironment.with(environment) {
                defer {
                    for name in Self.variables {
                        #expect(ProcessEnvironment.value(name) == nil, "\(name) left for children")
                    }
                }
                return try SocketActivation.inheritedSocket()
            }
        }

        @Test func withoutListenVariablesThereIsNoInheritedSocket() throws {
            #expect(try inheritedSocket(with: [:]) == nil)
        }

        /// PID 1 and one above Linux's largest `pid_max`: never a child that another suite
        /// starts while these variables are set and inherits them.
        @Test(
            arguments: [
                ["LISTEN_PID": "1", "LISTEN_FDS": "1"],
                ["LISTEN_PID": "4194305", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "control"],
            ] as [[String: String?]])
        func socketsPassedToAnotherProcessAreNotOurs(values: [String: String?]) throws {
            #expect(try inheritedSocket(with: values) == nil)
        }

        @Test func aListenPidForThisProcessWithoutACountMeansNone() throws {
            #expect(try inheritedSocket(with: ["LISTEN_PID": "\(getpid())"]) == nil)
        }

        @Test(
            arguments: [
                ["LISTEN_PID": "convened", "LISTEN_FDS": "1"],
                ["LISTEN_PID": "\(getpid())", "LISTEN_FDS": "0"],
                ["LISTEN_PID": "\(getpid())", "LISTEN_FDS": "one"],
            ] as [[String: String?]])
        func aGarbledListenEnvironmentIsAnError(values: [String: String?]) throws {
            let error = #expect(throws: SocketActivationError.self) { try inheritedSocket(with: values) }
            guard case .listenFDs(let code) = error else {
                Issue.record("expected listenFDs, got \(String(describing: error))")
                return
            }
            #expect(code == EINVAL)
        }
    }
}
