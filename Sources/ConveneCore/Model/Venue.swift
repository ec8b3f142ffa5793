/// A room where meetings are held.
public struct Venue: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String
    public let address: String?
    /// A `District` id.
    public let district: String
    /// The most people the room holds.
    public let capacity: Int
    /// Step-free access throughout, which many families need.
    public let stepFree: Bool
    /// Access details worth telling parents (hearing loop, parking, lifts).
    public let accessibility: String?

    public init(
        id: String, name: String, address: String? = nil, district: String, capacity: Int,
        stepFree: Bool, accessibility: String? = nil
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.district = district
        self.capacity = capacity
        self.stepFree = stepFree
        self.accessibility = accessibility
    }
}
