import ArgumentParser
import ConveneProtocol

/// What cancel, move and restore share: send the change, print what it did.
struct ChangeOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Show the clashes and who would be told, without changing anything.")
    var dryRun = false

    @OptionGroup var socket: SocketOptions

    func send(_ action: String, uid: String, body: some Encodable) throws {
        guard let route = ControlRoute(rawValue: action) else { preconditionFailure("no route for \(action)") }
        let path = route.target(uid, query: dryRun ? [("dry_run", "true")] : [])
        let (change, raw) = try socket.call("POST", path, body: body, as: ChangeDocument.self)
        if socket.json { return socket.printJSON(raw) }
        print(Self.summary(change))
    }

    /// "Cancelled Parent/Carer Stakeholder Forum, 2027-03-09T10:00: 24 forums will be told (cancellation)."
    static func summary(_ change: ChangeDocument) -> String {
        let verb = ["cancel": "Cancelled", "move": "Moved", "restore": "Restored"][change.action] ?? change.action
        var text =
            (change.dryRun ? "Dry run, nothing changed: would have " + verb.lowercased() : verb)
            + " \(change.occurrence.title), \(change.occurrence.start)"
        let kinds = Set(change.notifications.map(\.kind)).sorted().joined(separator: ", ")
        let count = change.notifications.count
        text +=
            count == 0
            ? ": no forum is told now (the month is not published yet, or nobody was invited)."
            : ": \(count) forum\(count == 1 ? "" : "s") \(change.dryRun ? "would be" : "will be") told (\(kinds))."
        for conflict in change.conflicts { text += "\n  clash: \(conflict)" }
        return text
    }
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel one meeting; the invited forums are told.",
        discussion: """
            EXAMPLES:
              convenectl cancel stakeholder-forum-20270309@example.org \\
                  --reason "County Hall is flooded" --dry-run
            """)

    @Argument(help: "The occurrence's UID (see convenectl schedule).") var uid: String
    @Option(help: "Why: kept in the audit trail and told to the forums.") var reason: String
    @OptionGroup var change: ChangeOptions

    func run() throws { try change.send("cancel", uid: uid, body: ReasonRequest(reason: reason)) }
}

struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move one meeting to another time (and venue); the invited forums are told.",
        discussion: """
            EXAMPLES:
              convenectl move stakeholder-forum-20270309@example.org \\
                  --to 2027-03-16T10:00 --venue county-hall \\
                  --reason "Clashes with the SEND inspection"
            """)

    @Argument(help: "The occurrence's UID.") var uid: String
    @Option(help: ArgumentHelp("The new start, local time.", valueName: "YYYY-MM-DDTHH:MM")) var to: String
    @Option(help: "A venue id; default: the meeting's own.") var venue: String?
    @Option(help: "Why: kept in the audit trail and told to the forums.") var reason: String
    @OptionGroup var change: ChangeOptions

    func run() throws { try change.send("move", uid: uid, body: MoveRequest(start: to, venue: venue, reason: reason)) }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Undo a cancel or move: the meeting goes back to its scheduled slot.",
        discussion: """
            EXAMPLES:
              convenectl restore stakeholder-forum-20270309@example.org \\
                  --reason "The hall is dry again"
            """)

    @Argument(help: "The occurrence's UID.") var uid: String
    @Option(help: "Why (optional).") var reason: String = "restored"
    @OptionGroup var change: ChangeOptions

    func run() throws { try change.send("restore", uid: uid, body: ReasonRequest(reason: reason)) }
}
