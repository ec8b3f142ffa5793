/// Whether forums that have not answered are asked again before a meeting, and when:
/// `[notifications] chase`, or a series' own `chase`.
public enum Chase: Hashable, Sendable {
    /// No chasers (the default, and `chase = false`).
    case never
    /// One chaser this long before the start (`chase = "P7D"`).
    case before(ISODuration)

    /// How long before the start the chaser goes out, if one does.
    public var lead: ISODuration? {
        if case .before(let lead) = self { return lead }
        return nil
    }
}
