/// TOML's rules on where a key or table may be defined, applied as each header and
/// key/value pair is read:
///
/// - a key is defined once, and a table once, whether by `[header]` or by dotted keys;
/// - a `[header]` may define a table earlier headers only created in passing;
/// - dotted keys extend only tables that they created in the same section (or that
///   headers created in passing), never one a header defined;
/// - inline tables and static arrays are complete: nothing extends them later;
/// - `[[header]]` appends to an array of tables and nothing else.
extension TOMLParser {
    /// Stores `node` under the dotted `key` in `base`, creating tables on the way.
    mutating func insert(_ node: TOMLNode, at key: [KeyPart], into base: TableBuilder, scope: Int) throws(TOMLParseError) {
        var table = base
        for (index, part) in key.dropLast().enumerated() {
            guard let member = table.member(named: part.name) else {
                table = try createTable(part, in: table, origin: .dotted(scope: scope), position: part.position, at: part.offset)
                continue
            }
            // Named only in messages, so built only for them.
            func written() -> String { quoted(key[...index]) }
            switch member.content {
            case .table(let child):
                switch child.origin {
                case .implicit:
                    child.origin = .dotted(scope: scope)
                case .dotted(let owner) where owner == scope:
                    break
                case .dotted:
                    throw error(
                        "the dotted key \(quoted(key)) cannot extend the table \(written()), which dotted keys in another section created at \(child.position)",
                        at: part.offset)
                case .header:
                    let name = child.header ?? written()
                    throw error(
                        "the dotted key \(quoted(key)) cannot extend the table \(name), which its header defined at \(child.position)",
                        at: part.offset)
                }
                table = child
            case .tables(let array):
                throw error(
                    "the dotted key \(quoted(key)) cannot extend \(written()), which is an array of tables defined at \(array.position)",
                    at: part.offset)
            case .value(let value):
                throw error(
                    "the dotted key \(quoted(key)) needs \(written()) to be a table, but it is \(finished(value)) defined at \(member.keyPosition)",
                    at: part.offset)
            }
        }
        guard let last = key.last else { return }
        if let existing = table.member(named: last.name) {
            throw error("the key \(quoted(key)) is defined twice (first at \(existing.keyPosition))", at: last.offset)
        }
        table.append(last.name, keyPosition: last.position, content: .value(node))
    }

    /// Defines the table a `[header]` names and returns it.
    mutating func openTable(at key: [KeyPart], position: SourcePosition, headerOffset: Int) throws(TOMLParseError) -> TableBuilder
    {
        let header = "[\(dotted(key))]"
        let parent = try descend(key.dropLast(), header: header, position: position, headerOffset: headerOffset)
        guard let last = key.last else { return parent }
        guard let member = parent.member(named: last.name) else {
            let table = try createTable(last, in: parent, origin: .header, position: position, at: headerOffset)
            table.header = header
            return table
        }
        switch member.content {
        case .table(let child):
            switch child.origin {
            case .implicit:
                child.origin = .header
                child.header = header
                child.position = position
                parent.moveKey(last.name, to: last.position)
                return child
            case .header:
                throw error("the table \(header) is defined twice (first at \(child.position))", at: headerOffset)
            case .dotted:
                throw error("the table \(header) is defined twice (first by dotted keys at \(child.position))", at: headerOffset)
            }
        case .tables(let array):
            throw error("the table \(header) is already defined as an array of tables at \(array.position)", at: headerOffset)
        case .value(let value):
            throw error(
                "cannot define the table \(header): \(quoted(key)) is already \(finished(value)) defined at \(member.keyPosition)",
                at: headerOffset)
        }
    }

    /// Appends a table to the array of tables a `[[header]]` names and returns it.
    mutating func appendTable(at key: [KeyPart], position: SourcePosition, headerOffset: Int) throws(TOMLParseError)
        -> TableBuilder
    {
        let header = "[[\(dotted(key))]]"
        let parent = try descend(key.dropLast(), header: header, position: position, headerOffset: headerOffset)
        guard let last = key.last else { return parent }
        guard let member = parent.member(named: last.name) else {
            let element = try makeTable(origin: .header, position: position, depth: parent.depth + 2, at: headerOffset)
            element.header = header
            parent.append(
                last.name, keyPosition: last.position, content: .tables(TableArrayBuilder(position: position, first: element)))
            return element
        }
        switch member.content {
        case .tables(let array):
            let element = try makeTable(origin: .header, position: position, depth: parent.depth + 2, at: headerOffset)
            element.header = header
            array.append(element)
            return element
        case .table(let child):
            throw error(
                "cannot define the array of tables \(header): \(quoted(key)) is already a table defined at \(child.position)",
                at: headerOffset)
        case .value(let value):
            throw error(
                "cannot define the array of tables \(header): \(quoted(key)) is already \(finished(value)) defined at \(member.keyPosition)",
                at: headerOffset)
        }
    }

    /// Walks a header's key from the root to the parent of the table it names,
    /// creating missing tables and entering the last table of arrays of tables.
    private mutating func descend(_ path: ArraySlice<KeyPart>, header: String, position: SourcePosition, headerOffset: Int)
        throws(TOMLParseError) -> TableBuilder
    {
        var table = root
        for (index, part) in zip(path.indices, path) {
            guard let member = table.member(named: part.name) else {
                table = try createTable(part, in: table, origin: .implicit, position: position, at: headerOffset)
                continue
            }
            switch member.content {
            case .table(let child):
                table = child
            case .tables(let array):
                table = array.last
            case .value(let value):
                throw error(
                    "cannot define the table \(header): \(quoted(path[...index])) is already \(finished(value)) defined at \(member.keyPosition)",
                    at: headerOffset)
            }
        }
        return table
    }

    private mutating func createTable(
        _ part: KeyPart, in parent: TableBuilder, origin: TableBuilder.Origin, position: SourcePosition, at errorOffset: Int
    ) throws(TOMLParseError) -> TableBuilder {
        let child = try makeTable(origin: origin, position: position, depth: parent.depth + 1, at: errorOffset)
        parent.append(part.name, keyPosition: part.position, content: .table(child))
        return child
    }

    private mutating func makeTable(origin: TableBuilder.Origin, position: SourcePosition, depth: Int, at errorOffset: Int)
        throws(TOMLParseError) -> TableBuilder
    {
        guard depth <= TOML.maximumDepth else {
            throw error("tables are nested too deeply (the limit is \(TOML.maximumDepth) levels)", at: errorOffset)
        }
        return TableBuilder(origin: origin, position: position, depth: depth)
    }

    /// Names a finished value that cannot be extended: "an inline table", "a
    /// static array", "an integer".
    private func finished(_ node: TOMLNode) -> String {
        switch node.value {
        case .table: "an inline table (which cannot be extended)"
        case .array: "a static array (which cannot be extended)"
        default: node.value.typeNameWithArticle
        }
    }
}
