import ArgumentParser
import ConveneProtocol
import FoundationEssentials

/// `--socket` and `--json`, shared by the commands that talk to the running daemon.
struct SocketOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's control socket.",
            discussion:
                "Default: $CONVENE_SOCKET, $RUNTIME_DIRECTORY/control.sock (as the unit's ExecReload= runs), or /run/convened/control.sock.",
            valueName: "path"))
    var socket: String?

    @Flag(help: "Print the daemon's JSON instead of a table.")
    var json = false

    static let installedPath = "/run/convened/control.sock"

    var path: String { Self.path(socket) }

    /// `chosen`, else $CONVENE_SOCKET, else where the daemon listens by default when run
    /// by the same unit ($RUNTIME_DIRECTORY, as ExecReload= sees it), else the installed path.
    static func path(_ chosen: String?) -> String {
        if let chosen { return chosen }
        let environment = ProcessInfo.processInfo.environment
        if let fromEnvironment = environment["CONVENE_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        if let runtime = environment["RUNTIME_DIRECTORY"]?.split(separator: ":").first, !runtime.isEmpty {
            return runtime + "/control.sock"
        }
        return installedPath
    }

    /// Sends a request and decodes the answer; on failure prints why and exits with the
    /// status for the case (see `ClientError.exitCode`).
    func call<Answer: Decodable>(
        _ method: String, _ path: String, body: (some Encodable)? = Optional<String>.none,
        as type: Answer.Type
    ) throws -> (answer: Answer, raw: Data) {
        try Self.call(socket: self.path, method, path, body: body, as: type)
    }

    static func call<Answer: Decodable>(
        socket: String, _ method: String, _ path: String,
        body: (some Encodable)? = Optional<String>.none,
        as type: Answer.Type
    ) throws -> (answer: Answer, raw: Data) {
        do {
            let payload = try body.map { try JSONEncoder().encode($0) }
            let response = try ControlClient(socketPath: socket).send(method, path, body: payload)
            if !(200..<300).contains(response.status),
                let failure = try? JSONDecoder().decode(ErrorDocument.self, from: response.body)
            {
                throw ClientError.refused(status: response.status, code: failure.error.code, message: failure.error.message)
            }
            return (try JSONDecoder().decode(type, from: response.body), response.body)
        } catch let error as ClientError {
            Output.error("convenectl: \(error)")
            throw ExitCode(error.exitCode)
        } catch let error as DecodingError {
            Output.error("convenectl: the daemon's answer was not understood: \(error)")
            throw ExitCode(1)
        }
    }

    /// Prints the daemon's JSON as it came (one document, sorted keys).
    /// Every page of a listing, following `next_cursor` from `first` (the query without a
    /// cursor) until the last page.
    func pages<Document: Decodable>(
        _ target: (String?) -> String, as type: Document.Type, next: (Document) -> String?
    ) throws -> [Document] {
        var pages: [Document] = []
        var cursor: String?
        repeat {
            let (page, _) = try call("GET", target(cursor), as: type)
            pages.append(page)
            cursor = next(page)
        } while cursor != nil
        return pages
    }

    /// A document the daemon's way: keys sorted, slashes as they are, one line.
    func printJSON(_ document: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        printJSON(try encoder.encode(document))
    }

    func printJSON(_ raw: Data) {
        Output.standardOutput(raw.last == 0x0A ? raw : raw + Data([0x0A]))
    }
}
