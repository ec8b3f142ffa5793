/// A notification committed to the ledger whose message may still sit in the forum's
/// `tmp/` folder: what spool recovery needs to finish (or confirm) the move to `new/`.
public struct PendingDelivery: Hashable, Sendable {
    /// The notification's id.
    public let id: String
    /// The forum whose spool holds the message.
    public let forum: String
    /// The message's file name, the same in `tmp/` and `new/`.
    public let fileName: String

    /// A pending delivery as read from the ledger.
    public init(id: String, forum: String, fileName: String) {
        self.id = id
        self.forum = forum
        self.fileName = fileName
    }
}
