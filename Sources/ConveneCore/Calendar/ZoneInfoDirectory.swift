#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system's folder of TZif zone files: `TZDIR` if set (as glibc reads it), else
/// /usr/share/zoneinfo.
///
/// Zone names come from an administrator's configuration file, so only plain IANA-style
/// names are looked up (no way out of the folder, none of its non-zone files), and a
/// file is read only if it is a regular file of reasonable size.
enum ZoneInfoDirectory {
    /// Where glibc looks when `TZDIR` is not set.
    static let defaultPath = "/usr/share/zoneinfo"
    /// Far longer than any zone name (the longest in tzdata has 32 characters).
    static let maximumNameLength = 128
    /// Far larger than any zone file (the largest are a few KiB).
    static let maximumFileSize = 1 << 20

    /// The folder zone names are looked up in.
    static var path: String {
        guard let value = getenv("TZDIR"), value.pointee != 0 else { return defaultPath }
        return String(cString: value)
    }

    /// Whether `name` is a plain zone name: components of ASCII letters, digits, `_`, `-`
    /// and `+` (none empty, none starting with `-`) separated by `/`, not too long, and
    /// not one of the folder's entries that are not zones of their own (`posix/` and
    /// `right/` copies, `posixrules`, `localtime`, `Factory`).
    static func isZoneName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maximumNameLength).contains(bytes.count) else { return false }
        let components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for component in components {
            guard let first = component.first, first != UInt8(ascii: "-"), component.allSatisfy(isNameByte) else {
                return false
            }
        }
        if components.count > 1, let first = components.first,
            first.elementsEqual("posix".utf8) || first.elementsEqual("right".utf8)
        {
            return false
        }
        return !["posixrules", "localtime", "Factory"].contains(name)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"):
            true
        default:
            false
        }
    }

    /// The bytes of the zone file for `name`, or nil if the name is not a plain zone name
    /// or there is no such regular file.
    static func contents(ofZone name: String) -> [UInt8]? {
        guard isZoneName(name) else { return nil }
        return contents(ofFile: path + "/" + name)
    }

    /// The bytes of a regular file of at most `maximumFileSize` bytes. Opened without
    /// blocking, so a FIFO put in its place cannot hang the caller.
    static func contents(ofFile path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size <= maximumFileSize
        else { return nil }
        // One byte more than the file claims, to notice one that grew while being read.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let received = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return read(descriptor, base + count, buffer.count - count)
            }
            if received < 0, errno == EINTR { continue }
            guard received >= 0 else { return nil }
            if received == 0 { break }
            count += received
        }
        guard count < bytes.count else { return nil }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
