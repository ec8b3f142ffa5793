import ConveneTestSupport
import Foundation

/// HTTP requests to a control socket with `curl --unix-socket`, as an operator would
/// make them, each waited for on a ``DedicatedThread``.
enum Curl {
    /// What came back: status code, `Content-Type` and the body exactly as sent.
    struct Response: Sendable {
        let status: Int
        let contentType: String
        let body: String

        /// The body parsed as a JSON object.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8))
            guard let dictionary = object as? [String: Any] else {
                throw CocoaError(.propertyListReadCorrupt, userInfo: [NSDebugDescriptionErrorKey: body])
            }
            return dictionary
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func request(_ path: String, method: String = "GET", socket: String) async throws -> Response {
        let arguments = [
            "--silent", "--show-error", "--max-time", "10", "--unix-socket", socket,
            "--request", method, "--write-out", "%{stderr}%{http_code} %{content_type}",
            "http://convened\(path)",
        ]
        let result = try await DedicatedThread.run {
            try Subprocess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments)
        }
        let written = result.stderr.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard result.status == 0, written.count == 2, let status = Int(written[0]) else {
            throw Failure(description: "curl \(method) \(path) exited \(result.status): \(result.stderr)")
        }
        return Response(status: status, contentType: String(written[1]), body: result.stdout)
    }
}
