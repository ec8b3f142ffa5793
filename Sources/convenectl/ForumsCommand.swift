import ArgumentParser
import ConveneProtocol

/// `convenectl forums` and `convenectl forum ID`.
struct ForumsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forums", abstract: "List the forums, their districts and how many meetings they have coming up.",
        discussion: """
            EXAMPLES:
              convenectl forums
              convenectl forums --json
            """)

    @OptionGroup var socket: SocketOptions

    func run() throws {
        let pages = try socket.pages(
            { ControlRoute.forums.target(query: ForumQuery(after: $0).query) }, as: ForumsDocument.self, next: \.nextCursor)
        let document = ForumsDocument(forums: pages.flatMap(\.forums))
        if socket.json { return try socket.printJSON(document) }
        let table = TextTable(columns: ["FORUM", "NAME", "DISTRICT", "UPCOMING"])
        for forum in document.forums { table.add([forum.id, forum.name, forum.district, "\(forum.upcoming)"]) }
        print(table.render(width: 100), terminator: "")
    }
}

struct ForumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forum", abstract: "Show one forum: contacts, the hours its members can come, its next meetings.",
        discussion: """
            EXAMPLES:
              convenectl forum chloes-circle
            """)

    @Argument(help: "The forum's id.") var id: String
    @OptionGroup var socket: SocketOptions

    func run() throws {
        let (forum, raw) = try socket.call("GET", ControlRoute.forum.target(id), as: ForumDocument.self)
        if socket.json { return socket.printJSON(raw) }
        print("\(forum.name) (\(forum.id)), \(forum.district)")
        for contact in forum.contacts {
            print(
                "  contact    \(contact.name) <\(contact.email)>" + (contact.bounced.map { "  bounced \($0.prefix(16))" } ?? ""))
        }
        print("  available  " + (forum.available.isEmpty ? "any time" : forum.available.joined(separator: "; ")))
        print("  upcoming   \(forum.upcoming) meetings in the next three months")
        if let mail = forum.mail {
            var line = "  mail       \(mail.handedOff) handed to the mail system"
            if let last = mail.lastHandedOffAt { line += " (latest \(last.prefix(16)))" }
            if mail.waiting > 0 { line += ", \(mail.waiting) waiting" }
            if mail.skipped > 0 { line += ", \(mail.skipped) skipped" }
            print(line)
            if let failure = mail.lastFailure, let at = mail.lastFailureAt {
                print("  mail fails \(at.prefix(16)): \(failure)")
            }
        }
    }
}
