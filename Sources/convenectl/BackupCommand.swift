import ArgumentParser
import ConveneStore
import FoundationEssentials

/// `convenectl backup`: a copy of the ledger, taken while the daemon runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the ledger into a new file, safely while the daemon runs.",
        discussion: """
            Uses SQLite's online backup: the copy is one consistent state of the ledger \
            (what each forum was told, their answers, the coordinators' changes and \
            the record of what forums raised), taken without stopping convened or \
            holding it up. It is checked before it appears under its name, is readable \
            only by whoever ran the command (mode 0600), and an existing file is never \
            replaced. The ledger holds parents' reasons and coordinators' names: keep \
            backups as safe as the ledger itself.

            Reads the ledger directly, not through the control socket: run it as root \
            or as the daemon's user. README.md ("Backups") says how to restore one.

            EXAMPLES:
              convenectl backup --to /var/backups/convened-$(date +%F).sqlite
              convenectl backup --state-dir run/state --to ledger-copy.sqlite
            """
    )

    @Option(help: ArgumentHelp("The new file to write the copy to.", valueName: "file"))
    var to: String

    @Option(
        help: ArgumentHelp(
            "The daemon's state directory, which holds ledger.sqlite.",
            discussion: "Default: $STATE_DIRECTORY, or /var/lib/convened.", valueName: "path"))
    var stateDir: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment["STATE_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
        let ledger = (stateDir ?? environment ?? "/var/lib/convened") + "/ledger.sqlite"
        do {
            let backup = try Store.backUp(ledger: ledger, to: to)
            let megabytes = Double(backup.bytes) / 1_000_000
            let size = megabytes < 0.1 ? "\(backup.bytes) bytes" : "\((megabytes * 10).rounded() / 10) MB"
            print("backed up \(ledger) to \(backup.file) (\(size), schema \(backup.schema ?? "empty"))")
        } catch {
            Output.error("convenectl: \(error)")
            throw ExitCode(1)
        }
    }
}
