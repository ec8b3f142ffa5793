/// A person or mailbox to write to: a forum's secretary, the organiser.
public struct Contact: Hashable, Sendable {
    public let name: String
    public let email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}
