import ArgumentParser
import ConveneProtocol
import FoundationEssentials

/// `convenectl notifications`: who was told what, and when.
struct NotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications", abstract: "Show who was told what, and when (the ledger).",
        discussion: """
            EXAMPLES:
              convenectl notifications --forum redditch-send-parents --since 2027-03-01
            """)

    @Option(help: "Only this forum.") var forum: String?
    @Option(help: "Only this occurrence (UID).") var occurrence: String?
    @Option(help: ArgumentHelp("Only those written since.", valueName: "YYYY-MM-DD")) var since: String?
    @OptionGroup var socket: SocketOptions

    func validate() throws {
        do {
            _ = try NotificationQuery.parse(forum: forum, occurrence: occurrence, since: since)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let query = try NotificationQuery.parse(forum: forum, occurrence: occurrence, since: since)
        let pages = try socket.pages(
            { cursor in
                var page = query
                page.offset = cursor.flatMap { Int($0) } ?? 0
                return ControlRoute.notifications.target(query: page.query)
            }, as: NotificationsDocument.self, next: \.nextCursor)
        let document = NotificationsDocument(notifications: pages.flatMap(\.notifications))
        if socket.json { return try socket.printJSON(document) }
        // The MAIL column only where messages were ever handed to the MTA.
        let mail = document.notifications.contains { $0.handoff != nil }
        let table = TextTable(columns: ["WRITTEN", "FORUM", "KIND", "SEQ", "OCCURRENCE"] + (mail ? ["MAIL"] : []))
        for entry in document.notifications.sorted(by: { ($0.writtenAt ?? $0.due, $0.forum) < ($1.writtenAt ?? $1.due, $1.forum) }
        ) {
            table.add(
                [
                    entry.writtenAt.map { String($0.prefix(16)) } ?? "superseded", entry.forum, entry.kind,
                    "\(entry.sequence)", entry.occurrence,
                ] + (mail ? [entry.handoff.map(Self.describe) ?? "-"] : []))
        }
        print(table.render(width: mail ? 160 : 100), terminator: "")
    }

    /// Where a message stands with the MTA, in a few words.
    static func describe(_ handoff: Handoff) -> String {
        switch handoff.state {
        case "handed_off": "handed off " + (handoff.handedOffAt.map { String($0.prefix(16)) } ?? "")
        case "waiting" where handoff.attempts > 0:
            "waiting, \(handoff.attempts) failed" + (handoff.error.map { ": \($0)" } ?? "")
        case "waiting": "waiting"
        default: "skipped" + (handoff.error.map { ": \($0)" } ?? "")
        }
    }
}

/// `convenectl export --forum ID > forum.ics`: the forum's calendar feed.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print a forum's meetings as an iCalendar file.",
        discussion: """
            EXAMPLES:
              convenectl export --forum chloes-circle > chloes-circle.ics
            """)

    @Option(help: "The forum's id.") var forum: String
    @OptionGroup var socket: SocketOptions

    func run() throws {
        do {
            let response = try ControlClient(socketPath: socket.path).send("GET", ControlRoute.forumCalendar.target(forum))
            if response.status != 200, let failure = try? JSONDecoder().decode(ErrorDocument.self, from: response.body) {
                throw ClientError.refused(status: response.status, code: failure.error.code, message: failure.error.message)
            }
            Output.standardOutput(response.body)
        } catch let error as ClientError {
            Output.error("convenectl: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
