/// A listing that comes a page at a time: its entries under one key and `next_cursor`,
/// where the next page starts (`cursor=`), written as `null` on the last page rather
/// than left out. The JSON is worked out here once for every listing.
public protocol PagedDocument: Codable {
    associatedtype Entry: Codable
    /// The key the entries are listed under (`occurrences`, `forums`, `notifications`).
    static var entriesKey: String { get }
    var entries: [Entry] { get }
    var nextCursor: String? { get }
    init(entries: [Entry], nextCursor: String?)
}

extension PagedDocument {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: PageKey.self)
        self.init(
            entries: try c.decode([Entry].self, forKey: PageKey(Self.entriesKey)),
            nextCursor: try c.decodeIfPresent(String.self, forKey: PageKey.nextCursor))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: PageKey.self)
        try c.encode(entries, forKey: PageKey(Self.entriesKey))
        try c.encode(nextCursor, forKey: PageKey.nextCursor)
    }
}

/// A page's two keys.
struct PageKey: CodingKey {
    static let nextCursor = PageKey("next_cursor")

    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}
