/// A TOML table: keys in the order the document wrote them, each with its value's
/// node and the position of the key itself.
public struct TOMLTable: Sendable {
    /// One key's value and where the key was written.
    struct Entry: Sendable {
        var keyPosition: SourcePosition
        var node: TOMLNode
    }

    /// The keys in document order (the order in which each first appeared).
    public private(set) var keys: [String]
    /// Where the table starts; see `TOMLNode.position`.
    public let position: SourcePosition
    private var entries: [String: Entry]

    /// An empty table starting at `position`.
    public init(position: SourcePosition = SourcePosition(line: 1, column: 1)) {
        self.keys = []
        self.entries = [:]
        self.position = position
    }

    /// The value stored under `key`, or nil when the table has no such key.
    public subscript(key: String) -> TOMLNode? {
        entries[key]?.node
    }

    /// Where `key` itself was written (for a dotted key, that key's own part; for a
    /// table, the key in the header that defined it), or nil without such a key.
    public func keyPosition(_ key: String) -> SourcePosition? {
        entries[key]?.keyPosition
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether the table has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// Adds `key` after the existing keys; the parser has already rejected duplicates.
    mutating func append(_ key: String, node: TOMLNode, keyPosition: SourcePosition) {
        if entries.updateValue(Entry(keyPosition: keyPosition, node: node), forKey: key) == nil {
            keys.append(key)
        }
    }
}
