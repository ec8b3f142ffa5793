import ConveneTestSupport
import Foundation
import Testing

/// The `curl --unix-socket` examples in README.md ("The control socket") work as
/// written against the daemon running the shipped example configuration: each answers
/// JSON that is not an error. Only the socket path is changed, to the test daemon's.
@Suite(.runsOnBlockingThreads) struct ReadmeExamplesTests {
    /// The first shell block under the heading, with `\`-continued lines joined.
    static func examples() throws -> [String] {
        let readme = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## The control socket\n"))
        let start = try #require(readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        var commands: [String] = []
        var pending = ""
        for line in readme[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") {
                pending += text.dropLast() + " "
            } else {
                commands.append(pending + text)
                pending = ""
            }
        }
        return commands
    }

    @Test func theCurlExamplesAnswerJSONThatIsNotAnError() throws {
        let commands = try Self.examples()
        let definition = try #require(commands.first { $0.hasPrefix("S=") })
        #expect(definition.contains("/run/convened/control.sock"))
        let requests = commands.filter { $0.hasPrefix("$S ") }
        #expect(requests.count >= 6, "\(requests)")

        let daemon = try RunningDaemon(copying: RepositoryPaths.root.appendingPathComponent("config"))
        defer { daemon.stop() }
        let prelude = definition.replacingOccurrences(of: "/run/convened/control.sock", with: daemon.socketPath)
        for request in requests {
            // Strip the trailing "# comment" the README adds for readers.
            let command = request.components(separatedBy: "  #").first ?? request
            let result = try Subprocess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", prelude + "\n" + command])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(object != nil, "\(command) did not answer a JSON object: \(result.stdout)")
            #expect(object?["error"] == nil, "\(command): \(result.stdout)")
        }
    }
}
