import ArgumentParser
import ConveneDaemon
import ConveneSystemd
import Logging
import NIOCore

/// `convened`: the Convene daemon. Options default to systemd's directory variables,
/// then the FHS paths.
@main
struct ConvenedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convened",
        abstract: "Schedules the forums' meetings and writes their invitations and reminders.",
        discussion: """
            Run by systemd as convened.service (Type=notify). Run by hand, it logs to stderr:
              convened --config config/convened.toml --state-dir run/state --spool-dir run/spool --socket run/control.sock
            SIGHUP reloads the configuration; SIGTERM stops after the writes in progress.
            """,
        version: ConveneVersionText.text)

    @Option(help: "The main configuration file. (default: $CONFIGURATION_DIRECTORY/convened.toml or /etc/convened/convened.toml)")
    var config: String?

    @Option(help: "Folder for the ledger database. (default: $STATE_DIRECTORY or /var/lib/convened)")
    var stateDir: String?

    @Option(help: "Folder holding one Maildir per forum. (default: /var/spool/convened)")
    var spoolDir: String?

    @Option(
        help:
            "Control socket path when systemd does not pass one. (default: $RUNTIME_DIRECTORY/control.sock or /run/convened/control.sock)"
    )
    var socket: String?

    @Option(
        help:
            "The Maildir the mail system delivers forums' answers into. (default: inbox in the state directory)")
    var inboxDir: String?

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Where to log: journal, stderr. (default: the journal when systemd connected stderr to it)")
    var logTo: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level '\(logLevel)'") }
        if let logTo, LogDestination(rawValue: logTo) == nil { throw ValidationError("--log-to: expected journal or stderr") }
    }

    func run() async throws {
        // One event loop serves the control socket, as one nginx worker would: reads
        // are answered on it from memory, and a second loop only competed with the
        // daemon's own work for two cores (measured: Benchmarks/api-bench.sh).
        NIOSingletons.groupLoopCountSuggestion = 1
        var options = DaemonOptions.defaults()
        if let config { options.configFile = config }
        if let stateDir { options.stateDirectory = stateDir }
        if let spoolDir { options.spoolDirectory = spoolDir }
        if let socket { options.socketPath = socket }
        if let inboxDir { options.inboxDirectory = inboxDir }
        let destination = logTo.flatMap(LogDestination.init(rawValue:)) ?? LogDestination.detect()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { _ in destination.handler(identifier: "convened", level: level) }
        let logger = Logger(label: "convened")
        do {
            let group = try await Convened.build(options: options, logger: logger)
            try await group.run()
        } catch let error as StartupError {
            for line in error.description.split(separator: "\n") { logger.critical("\(line)") }
            throw ExitCode(error.exitCode)
        }
    }
}

enum ConveneVersionText {
    static let text = "convened 0.1.0"
}
