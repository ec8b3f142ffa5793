/// `[feeds]`: where forums reach their calendar feeds. Each forum's feed is at a secret
/// address, `<public_url>/feeds/<token>.ics`, which an admin prints with
/// `convenectl feed-url` and gives to the forum; the token is the only key.
public struct FeedSettings: Hashable, Sendable {
    /// The public base address (`https://meetings.example.org`, no trailing slash);
    /// nil when the feeds are not exposed, and `feed-url` then prints only the path.
    public let publicURL: String?

    public init(publicURL: String? = nil) {
        self.publicURL = publicURL
    }
}
