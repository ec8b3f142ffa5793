extension OpenAPIDocumentTests {
    /// A YAML value as docs/openapi.yaml writes them: the small part of YAML that the
    /// document keeps to, read by indentation, so the tests need no YAML package.
    indirect enum YAMLNode: Sendable, Equatable {
        case scalar(String)
        case list([YAMLNode])
        case map([String: YAMLNode])

        subscript(key: String) -> YAMLNode? {
            if case .map(let entries) = self { entries[key] } else { nil }
        }

        var string: String? {
            if case .scalar(let text) = self { text } else { nil }
        }

        var list: [YAMLNode]? {
            if case .list(let items) = self { items } else { nil }
        }

        var entries: [String: YAMLNode]? {
            if case .map(let entries) = self { entries } else { nil }
        }
    }

    /// Reads block maps and lists, plain and quoted scalars, one-line `[a, "b"]` lists
    /// and `|` text; anything else is an error rather than a guess.
    struct YAMLReader {
        struct Failure: Error, CustomStringConvertible {
            let description: String
        }

        private var lines: [(number: Int, indent: Int, text: String)] = []
        private var index = 0

        static func read(_ text: String) throws -> YAMLNode {
            var reader = YAMLReader()
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let content = line.drop { $0 == " " }
                // Blank lines and comments carry nothing the tests read, also inside `|` text.
                if content.isEmpty || content.hasPrefix("#") { continue }
                reader.lines.append((offset + 1, line.count - content.count, String(content)))
            }
            let root = try reader.block(indent: 0)
            guard reader.index == reader.lines.count else { throw reader.failure("unexpected indentation") }
            return root
        }

        private func failure(_ message: String) -> Failure {
            let line = index < lines.count ? lines[index].number : lines.count
            return Failure(description: "docs/openapi.yaml:\(line): \(message)")
        }

        private mutating func block(indent: Int) throws -> YAMLNode {
            lines[index].text.hasPrefix("- ") ? try list(indent: indent) : try map(indent: indent)
        }

        private mutating func map(indent: Int) throws -> YAMLNode {
            var entries: [String: YAMLNode] = [:]
            while index < lines.count, lines[index].indent == indent, !lines[index].text.hasPrefix("- ") {
                guard let (key, rest) = Self.entry(lines[index].text) else { throw failure("expected \"key: value\"") }
                guard entries[key] == nil else { throw failure("\"\(key)\" twice") }
                index += 1
                entries[key] = try value(rest, under: indent)
            }
            return .map(entries)
        }

        private mutating func list(indent: Int) throws -> YAMLNode {
            var items: [YAMLNode] = []
            while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
                let content = String(lines[index].text.dropFirst(2))
                if Self.entry(content) != nil {
                    // `- key: value` starts a map whose keys sit two columns in.
                    lines[index] = (lines[index].number, indent + 2, content)
                    items.append(try map(indent: indent + 2))
                } else {
                    index += 1
                    items.append(try Self.inline(content))
                }
            }
            return .list(items)
        }

        private mutating func value(_ rest: String, under indent: Int) throws -> YAMLNode {
            if rest.hasPrefix("|") || rest.hasPrefix(">") {
                var text: [String] = []
                while index < lines.count, lines[index].indent > indent {
                    text.append(lines[index].text)
                    index += 1
                }
                return .scalar(text.joined(separator: "\n"))
            }
            if !rest.isEmpty { return try Self.inline(rest) }
            guard index < lines.count, lines[index].indent > indent else { return .scalar("") }
            return try block(indent: lines[index].indent)
        }

        /// `key: rest` or `key:`; the key may be quoted.
        private static func entry(_ text: String) -> (String, String)? {
            if text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") {
                let after = text[text.index(after: close)...]
                guard after.hasPrefix(":") else { return nil }
                let rest = after.dropFirst()
                guard rest.isEmpty || rest.hasPrefix(" ") else { return nil }
                return (String(text[text.index(after: text.startIndex)..<close]), rest.trimmingSpaces)
            }
            if text.hasPrefix("[") || text.hasPrefix("'") { return nil }
            if let separator = text.range(of: ": ") {
                return (String(text[..<separator.lowerBound]), text[separator.upperBound...].trimmingSpaces)
            }
            return text.hasSuffix(":") ? (String(text.dropLast()), "") : nil
        }

        /// A scalar or a one-line list.
        private static func inline(_ text: String) throws -> YAMLNode {
            if text.hasPrefix("[") {
                guard text.hasSuffix("]") else { throw Failure(description: "a list must close on its line: \(text)") }
                let inner = text.dropFirst().dropLast()
                if inner.trimmingSpaces.isEmpty { return .list([]) }
                return .list(inner.split(separator: ",").map { .scalar(unquoted($0.trimmingSpaces)) })
            }
            if text.hasPrefix("{") || text.hasPrefix("&") || text.hasPrefix("*") {
                throw Failure(description: "flow maps, anchors and aliases are not read: \(text)")
            }
            return .scalar(unquoted(text))
        }

        private static func unquoted(_ text: String) -> String {
            guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else {
                return text
            }
            let inner = String(text.dropFirst().dropLast())
            return first == "'"
                ? inner.replacingOccurrences(of: "''", with: "'")
                : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
