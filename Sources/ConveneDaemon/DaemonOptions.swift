import FoundationEssentials

/// Where the daemon reads and writes. Defaults follow systemd's directory variables
/// (`$CONFIGURATION_DIRECTORY`, `$STATE_DIRECTORY`, `$RUNTIME_DIRECTORY`) and then the
/// FHS paths, so the same binary runs under the unit and by hand.
public struct DaemonOptions: Sendable, Equatable {
    /// The main configuration file.
    public var configFile: String
    /// Holds `ledger.sqlite`, the ledger and the coordinators' overrides.
    public var stateDirectory: String
    /// One Maildir per forum.
    public var spoolDirectory: String
    /// The control socket's path, used when systemd did not pass one in.
    public var socketPath: String
    /// The Maildir the MTA delivers answers into; by default `inbox` in the state directory.
    public var inboxDirectory: String {
        get { inboxFolder ?? stateDirectory + "/inbox" }
        set { inboxFolder = newValue }
    }
    private var inboxFolder: String?

    public init(configFile: String, stateDirectory: String, spoolDirectory: String, socketPath: String) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.spoolDirectory = spoolDirectory
        self.socketPath = socketPath
    }

    /// The defaults for `environment`. systemd may list several directories separated
    /// by colons; the first is ours.
    public static func defaults(environment: [String: String] = ProcessInfo.processInfo.environment) -> DaemonOptions {
        func first(_ name: String) -> String? {
            environment[name].flatMap { $0.split(separator: ":").first.map(String.init) }
        }
        return DaemonOptions(
            configFile: (first("CONFIGURATION_DIRECTORY") ?? "/etc/convened") + "/convened.toml",
            stateDirectory: first("STATE_DIRECTORY") ?? "/var/lib/convened",
            spoolDirectory: "/var/spool/convened",
            socketPath: (first("RUNTIME_DIRECTORY") ?? "/run/convened") + "/control.sock")
    }

    /// The ledger database inside the state directory.
    public var ledgerPath: String { stateDirectory + "/ledger.sqlite" }
}
