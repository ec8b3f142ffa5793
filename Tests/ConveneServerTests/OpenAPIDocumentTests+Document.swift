import ConveneTestSupport
import Foundation

extension OpenAPIDocumentTests {
    /// docs/openapi.yaml, read for what the tests compare: operations, the statuses
    /// each answers with, and the schemas of their bodies.
    struct OpenAPIDocument: CustomStringConvertible {
        /// A method and a path as the document writes it: `GET /v1/forums/{id}`.
        struct Operation: Hashable, CustomStringConvertible {
            let method: String
            let path: String
            var description: String { "\(method) \(path)" }
        }

        /// What one status of one operation is documented to carry.
        struct Response {
            let mediaType: String
            let schema: YAMLNode?
        }

        static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

        let root: YAMLNode
        var description: String { "docs/openapi.yaml" }

        static func load() throws -> OpenAPIDocument {
            let url = RepositoryPaths.root.appendingPathComponent("docs/openapi.yaml")
            return OpenAPIDocument(root: try YAMLReader.read(try String(contentsOf: url, encoding: .utf8)))
        }

        var operations: [Operation] {
            (root["paths"]?.entries ?? [:]).flatMap { path, item in
                Self.methods.filter { item[$0] != nil }.map { Operation(method: $0.uppercased(), path: path) }
            }
        }

        /// The documented operation a request goes to; the query is ignored and each
        /// `{name}` matches one path segment.
        func operation(_ method: String, _ target: String) -> Operation? {
            let segments = target.prefix { $0 != "?" }.split(separator: "/", omittingEmptySubsequences: false)
            return operations.first { operation in
                let pattern = operation.path.split(separator: "/", omittingEmptySubsequences: false)
                return operation.method == method && pattern.count == segments.count
                    && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
        }

        /// The operation's responses by status, `$ref`s followed.
        func responses(_ operation: Operation) throws -> [Int: Response] {
            let declared = root["paths"]?[operation.path]?[operation.method.lowercased()]?["responses"]?.entries ?? [:]
            return try Dictionary(
                uniqueKeysWithValues: declared.map { status, response in
                    guard let code = Int(status) else { throw YAMLReader.Failure(description: "\(operation): status \(status)") }
                    let content = resolved(response)["content"]?.entries ?? [:]
                    guard content.count <= 1 else {
                        throw YAMLReader.Failure(description: "\(operation) \(status): two media types")
                    }
                    return (code, Response(mediaType: content.first?.key ?? "", schema: content.first?.value["schema"]))
                })
        }

        /// `node`, or what its `$ref` points at.
        func resolved(_ node: YAMLNode) -> YAMLNode {
            guard let reference = node["$ref"]?.string, reference.hasPrefix("#/") else { return node }
            let target = reference.dropFirst(2).split(separator: "/").reduce(Optional(root)) { $0?[String($1)] }
            return target.map(resolved) ?? node
        }

        /// How `value` (from JSONSerialization) differs from `schema`: a missing required
        /// key, a key the schema does not list, a wrong type or a value outside an enum.
        func problems(_ value: Any, _ schema: YAMLNode, at path: String) -> [String] {
            let schema = resolved(schema)
            if let alternatives = schema["oneOf"]?.list {
                let matching = alternatives.filter { problems(value, $0, at: path).isEmpty }.count
                return matching == 1 ? [] : ["\(path): matches \(matching) of the oneOf alternatives"]
            }
            let types = schema["type"].map { $0.list?.compactMap(\.string) ?? [$0.string ?? ""] } ?? []
            let kind = Self.kind(of: value)
            guard types.contains(kind) || (kind == "integer" && types.contains("number")) else {
                return ["\(path): \(kind), documented as \(types.joined(separator: " or "))"]
            }
            if let allowed = schema["enum"]?.list?.compactMap(\.string), let text = value as? String,
                !allowed.contains(text)
            {
                return ["\(path): \"\(text)\" is not one of \(allowed)"]
            }
            switch value {
            case let object as [String: Any]:
                let properties = schema["properties"]?.entries ?? [:]
                let required = schema["required"]?.list?.compactMap(\.string) ?? []
                var found = required.filter { object[$0] == nil }.map { "\(path): no \"\($0)\"" }
                // A map (`additionalProperties` with a schema) takes any key whose value fits.
                let others = schema["additionalProperties"].flatMap { $0.entries == nil ? nil : $0 }
                if others == nil {
                    found += object.keys.filter { properties[$0] == nil }.sorted().map { "\(path): \"\($0)\" is undocumented" }
                }
                for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                    if let property = properties[key] ?? others { found += problems(member, property, at: "\(path).\(key)") }
                }
                return found
            case let array as [Any]:
                guard let items = schema["items"] else { return [] }
                return array.enumerated().flatMap { problems($1, items, at: "\(path)[\($0)]") }
            default:
                return []
            }
        }

        /// The JSON Schema type of a JSONSerialization value.
        static func kind(of value: Any) -> String {
            switch value {
            case is NSNull: "null"
            case is String: "string"
            case is [String: Any]: "object"
            case is [Any]: "array"
            case let number as NSNumber:
                if String(cString: number.objCType) == "c" {
                    "boolean"
                } else {
                    number.doubleValue.rounded() == number.doubleValue ? "integer" : "number"
                }
            default: "\(type(of: value))"
            }
        }
    }
}
