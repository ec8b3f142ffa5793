/// A table while the document is still being read: open to new keys, and knowing
/// how it came to exist, because TOML's redefinition rules depend on that.
///
/// Tables are reference types here so that a `[header]` deep in the document can
/// hold on to the table it opened while later lines add to it; `freeze()` turns the
/// finished tree into the value types the caller sees.
final class TableBuilder {
    /// How a table came to exist, which decides what may still define or extend it.
    enum Origin: Equatable {
        /// Created only as the parent of a deeper `[header]`: a later `[header]` of
        /// its own may still define it once, and dotted keys may pass through it.
        case implicit
        /// Defined by its own `[header]` or `[[header]]` (or the document root):
        /// no other header may define it and no dotted key may reach into it.
        case header
        /// Created (or passed through) by dotted keys in the section or inline table
        /// numbered `scope`: only dotted keys of that same scope may extend it.
        case dotted(scope: Int)
    }

    /// What a key holds.
    enum Content {
        /// A finished value, which includes static arrays and inline tables: both
        /// are closed to later additions.
        case value(TOMLNode)
        /// A table that headers or dotted keys may still extend.
        case table(TableBuilder)
        /// An array of tables, which `[[header]]` lines append to.
        case tables(TableArrayBuilder)
    }

    /// One key of the table.
    struct Member {
        let name: String
        var keyPosition: SourcePosition
        var content: Content
    }

    var origin: Origin
    /// The header that defined the table (`[a.b]`), for messages.
    var header: String?
    /// Where the table starts; see `TOMLNode.position`.
    var position: SourcePosition
    /// How many tables and arrays enclose this one; the root is 0.
    let depth: Int
    private var members: [Member] = []
    private var index: [String: Int] = [:]

    init(origin: Origin, position: SourcePosition, depth: Int) {
        self.origin = origin
        self.position = position
        self.depth = depth
    }

    /// The member called `name`, if any.
    func member(named name: String) -> Member? {
        index[name].map { members[$0] }
    }

    /// Adds a key; the caller has checked that the table does not have it yet.
    func append(_ name: String, keyPosition: SourcePosition, content: Content) {
        index[name] = members.count
        members.append(Member(name: name, keyPosition: keyPosition, content: content))
    }

    /// Moves a key's position to where a header defined the table it names, which
    /// is more useful in messages than the header that created it in passing.
    func moveKey(_ name: String, to position: SourcePosition) {
        if let slot = index[name] { members[slot].keyPosition = position }
    }

    /// The finished table, as a value.
    func freeze() -> TOMLTable {
        var table = TOMLTable(position: position)
        for member in members {
            let node: TOMLNode
            switch member.content {
            case .value(let value):
                node = value
            case .table(let child):
                node = TOMLNode(value: .table(child.freeze()), position: child.position)
            case .tables(let array):
                let elements = array.elements.map { TOMLNode(value: .table($0.freeze()), position: $0.position) }
                node = TOMLNode(value: .array(elements), position: array.position)
            }
            table.append(member.name, node: node, keyPosition: member.keyPosition)
        }
        return table
    }
}

/// An array of tables (`[[name]]`) being read: each header appends a table, and
/// later lines and headers extend only the last one.
final class TableArrayBuilder {
    /// Where the first `[[header]]` of the array starts.
    let position: SourcePosition
    private(set) var elements: [TableBuilder]

    init(position: SourcePosition, first: TableBuilder) {
        self.position = position
        self.elements = [first]
    }

    /// The table that headers and keys now extend (an array of tables is never empty).
    var last: TableBuilder {
        elements[elements.count - 1]
    }

    func append(_ table: TableBuilder) {
        elements.append(table)
    }
}
