/// A district of the county. Venues and forums belong to one, and moving between
/// venues in different districts takes travel time.
public struct District: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
