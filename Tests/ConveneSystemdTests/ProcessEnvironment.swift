import Glibc

/// Sets variables in this process's environment for the length of a closure and puts
/// back what was there before. The environment is shared by every thread of the test
/// process, so only tests inside ``ProcessEnvironmentTests`` (one at a time) use this, and
/// they keep the closure short: a child started meanwhile by another suite inherits it.
enum ProcessEnvironment {
    /// Runs `body` with each of `values` set, or unset where the value is nil.
    static func with<T>(_ values: [String: String?], _ body: () throws -> T) rethrows -> T {
        let saved = values.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
        for (name, value) in values { set(name, value) }
        defer { for (name, value) in saved { set(name, value) } }
        return try body()
    }

    /// The variable's current value.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func set(_ name: String, _ value: String?) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
}
