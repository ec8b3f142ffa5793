import ConveneTestSupport
import Foundation

extension OpenAPIDocumentTests {
    /// One request sent with curl over the control socket, as a person would send it.
    struct CurlRequest: Sendable {
        let method: String
        /// Path and query: `/v1/schedule?month=2027-03`.
        let target: String
        /// A JSON body; nil sends none.
        let body: String?

        struct Answer: Sendable {
            let status: Int
            let contentType: String
            let body: Data
        }

        struct Failure: Error, CustomStringConvertible {
            let description: String
        }

        /// Sends the request and waits for curl on a ``DedicatedThread``, away from the
        /// pools the server under test runs on.
        func send(to socket: String) async throws -> Answer {
            try await DedicatedThread.run { try sendWaiting(to: socket) }
        }

        private func sendWaiting(to socket: String) throws -> Answer {
            let scratch = try TemporaryDirectory(prefix: "curl")
            let output = scratch.url.appendingPathComponent("body")
            var arguments = [
                "--silent", "--show-error", "--unix-socket", socket, "--output", output.path,
                "--write-out", "%{http_code} %{content_type}", "--request", method,
            ]
            if let body {
                let input = try scratch.write(body, to: "request.json")
                arguments += ["--header", "Content-Type: application/json", "--data-binary", "@\(input.path)"]
            }
            arguments.append("http://localhost\(target)")
            let run = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
            guard run.status == 0 else { throw Failure(description: "curl \(method) \(target): \(run.stderr)") }
            let parts = run.stdout.split(separator: " ", maxSplits: 1).map(String.init)
            guard let status = parts.first.flatMap({ Int($0) }) else {
                throw Failure(description: "curl \(method) \(target): no status in \"\(run.stdout)\"")
            }
            let body = (try? Data(contentsOf: output)) ?? Data()
            return Answer(status: status, contentType: parts.count > 1 ? parts[1] : "", body: body)
        }
    }
}
