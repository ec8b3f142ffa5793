import ArgumentParser
import ConveneProtocol

/// `convenectl feed-url --forum ID [--rotate]`: the address a forum subscribes to.
struct FeedURLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-url", abstract: "Print a forum's calendar feed address, or give it a new one.",
        discussion: """
            Each forum's feed is at a secret address (/feeds/<token>.ics, after \
            [feeds] public_url when that is configured). Give it to the forum for its \
            calendar program; anyone who has it can see the forum's meetings, but never \
            its contacts. If it reaches the wrong people, --rotate makes a new one and the \
            old one stops working at once. Root and the admin group only.

            EXAMPLES:
              convenectl feed-url --forum chloes-circle
              convenectl feed-url --forum chloes-circle --rotate
            """)

    @Option(help: "The forum's id.") var forum: String
    @Flag(help: "Make a new address; the old one stops working.") var rotate = false
    @OptionGroup var socket: SocketOptions

    func run() throws {
        let (document, raw) =
            rotate
            ? try socket.call("POST", ControlRoute.rotateForumFeed.target(forum), as: FeedURLDocument.self)
            : try socket.call("GET", ControlRoute.forumFeedURL.target(forum), as: FeedURLDocument.self)
        if socket.json { return socket.printJSON(raw) }
        if let url = document.url {
            print(url)
        } else {
            print(document.path)
            Output.error("convenectl: [feeds] public_url is not configured; this is the path on the socket")
        }
        if document.rotated { Output.error("convenectl: the old address no longer works") }
    }
}
