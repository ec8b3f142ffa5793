import ConveneTOML

/// The value under `key` in the root of `text`, for tests about single values.
func parsedValue(_ text: String, key: String = "a") throws -> TOMLValue {
    let table = try TOML.parse(text)
    guard let node = table[key] else { throw MissingKey(key: key) }
    return node.value
}

/// The error `TOML.parse` throws for `text`, or nil if it parses.
func parseError(_ text: String) -> TOMLParseError? {
    do {
        _ = try TOML.parse(text)
        return nil
    } catch {
        return error
    }
}

/// A test document lacked the key the test looked for.
struct MissingKey: Error {
    let key: String
}
