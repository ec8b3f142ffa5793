import ArgumentParser
import ConveneProtocol
import FoundationEssentials

/// `convenectl status`: what the running daemon is doing.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the running daemon is doing and what it will send next.",
        discussion: """
            EXAMPLES:
              convenectl status
              convenectl status --json
            """)

    @OptionGroup var socket: SocketOptions

    func run() throws {
        let (status, raw) = try socket.call("GET", ControlRoute.status.target(), as: StatusDocument.self)
        if socket.json { return socket.printJSON(raw) }
        let next = status.nextNotification.map { "\($0.kind) to \($0.forums) forum\($0.forums == 1 ? "" : "s") at \($0.due)" }
        let rows = [
            ("state", status.state), ("version", status.version),
            (
                "configuration",
                "\(status.configFile) (\(status.configFileCount) files, loaded \(status.configLoadedAt))"
            ),
            ("forums", "\(status.forums)"), ("series", "\(status.series)"), ("venues", "\(status.venues)"),
            ("next", next ?? "nothing planned"), ("backlog", "\(status.spoolBacklog)"),
            ("last error", status.lastError ?? "none"),
            (
                "inbox",
                "\(status.inbox.quarantined) in quarantine, \(status.inbox.needsPerson) need a person, "
                    + "\(status.inbox.bouncingContacts) contacts bouncing"
            ),
        ]
        // The names in a column 14 wide (the longest, "configuration", is 13).
        for (name, value) in rows { print(name + String(repeating: " ", count: max(14 - name.count, 0)) + value) }
    }
}

/// `convenectl reload`: the same as `systemctl reload convened`, with the errors shown.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make the daemon read its configuration again (it keeps the old one if the new one has errors).",
        discussion: """
            Waits for the daemon's answer, prints any errors and exits 2 if the configuration \
            was refused. systemctl reload convened runs this command (the unit's ExecReload=), \
            so the errors also appear in the service's journal. Only root, members of the \
            admin group ([control] admin_group) and the daemon's own user may reload.

            EXAMPLES:
              convenectl reload
            """)

    @OptionGroup var socket: SocketOptions

    func run() throws {
        let response: ControlClient.Response
        do {
            response = try ControlClient(socketPath: socket.path).send("POST", ControlRoute.reload.target())
        } catch {
            Output.error("convenectl: \(error)")
            throw ExitCode(error.exitCode)
        }
        if let outcome = try? JSONDecoder().decode(ReloadDocument.self, from: response.body) {
            if socket.json { return socket.printJSON(response.body) }
            for line in outcome.warnings { Output.error(line) }
            for line in outcome.errors { Output.error(line) }
            if outcome.reloaded {
                print("reloaded")
            } else {
                let count = outcome.errors.count
                Output.error(
                    "convenectl: not reloaded: \(count) error\(count == 1 ? "" : "s"); the daemon keeps its configuration")
                throw ExitCode(2)
            }
        } else if let failure = try? JSONDecoder().decode(ErrorDocument.self, from: response.body) {
            let error = ClientError.refused(status: response.status, code: failure.error.code, message: failure.error.message)
            Output.error("convenectl: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
