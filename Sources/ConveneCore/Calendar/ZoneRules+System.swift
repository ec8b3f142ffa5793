#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZoneRules {
    /// The zone this machine's clocks show, found as glibc finds it: the `TZ` environment
    /// variable when it names a zone (`Europe/London`, `:Europe/London`, or a path into
    /// a zoneinfo folder), else the zone file /etc/localtime links to, else UTC.
    ///
    /// A `TZ` that names no zone file (a bare POSIX rule such as `EST5EDT,M3.2.0,M11.1.0`)
    /// is passed over: a zone here is always a named one.
    public static var system: ZoneRules {
        let variable = getenv("TZ").map { String(cString: $0) }
        if let variable, let name = zoneName(fromTimeZoneVariable: variable), let zone = ZoneRules(identifier: name) {
            return zone
        }
        if let target = linkTarget("/etc/localtime"),
            let name = zoneName(fromPath: target, directory: ZoneInfoDirectory.path),
            let zone = ZoneRules(identifier: name)
        {
            return zone
        }
        return .utc
    }

    /// The zone name a `TZ` value gives, before it is checked: `:Area/City` and
    /// `Area/City` name a zone, `:/path` and `/path` a file that may be in a zoneinfo folder.
    static func zoneName(fromTimeZoneVariable value: String) -> String? {
        let name = value.hasPrefix(":") ? String(value.dropFirst()) : value
        guard !name.isEmpty else { return nil }
        return name.hasPrefix("/") ? zoneName(fromPath: name, directory: ZoneInfoDirectory.path) : name
    }

    /// The zone name of a zone file's path: what follows `directory` or the last
    /// `zoneinfo` component (`../usr/share/zoneinfo/Europe/London` is `Europe/London`),
    /// without a `posix/` or `right/` prefix; nil for a path outside any zoneinfo folder.
    static func zoneName(fromPath path: String, directory: String) -> String? {
        var components: [Substring]
        if !directory.isEmpty, path.hasPrefix(directory + "/") {
            components = path.dropFirst(directory.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        } else {
            let all = path.split(separator: "/", omittingEmptySubsequences: false)
            guard let folder = all.lastIndex(of: "zoneinfo") else { return nil }
            components = Array(all[(folder + 1)...])
        }
        if components.count > 1, components[0] == "posix" || components[0] == "right" { components.removeFirst() }
        let name = components.joined(separator: "/")
        return name.isEmpty ? nil : name
    }

    /// Where a symbolic link points, or nil if `path` is not one.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count)
        guard count > 0, count < buffer.count else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
