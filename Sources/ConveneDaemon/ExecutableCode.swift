#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's own machine code, as mapped from its executable. A start (and a round
/// that writes a month's invitations) runs through much of it once, and the kernel maps
/// up to sixteen pages around every page it faults in, so an idle daemon keeps some
/// 17 MiB of code mapped that it will not run again soon. `release()` lets go of those
/// mappings: the pages stay in the page cache, shared and clean, and whatever code runs
/// next is mapped again at the cost of a minor fault. The resident set then counts the
/// code the daemon is running, and the kernel can reclaim the rest without first
/// unmapping it from a process that marked it executable.
enum ExecutableCode {
    /// The executable's `r-xp` mappings in /proc/self/maps, found once; none where there
    /// is no /proc or the executable is not a mapped file (the code is then in shared
    /// libraries, which are left alone).
    static let mappings: [(start: UInt, length: Int)] = find()

    /// `madvise(MADV_DONTNEED)` on each. Safe while other threads run that code: a page
    /// of a private file mapping that was never written comes back from the file.
    static func release() {
        for mapping in mappings {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: mapping.start), mapping.length, MADV_DONTNEED)
        }
    }

    private static func find() -> [(start: UInt, length: Int)] {
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &target, target.count - 1)
        guard length > 0, let file = fopen("/proc/self/maps", "re") else { return [] }
        defer { fclose(file) }
        let executable = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var found: [(start: UInt, length: Int)] = []
        var line = [CChar](repeating: 0, count: 4096 + Int(PATH_MAX))
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // start-end perms offset device inode path
            let fields = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1] == "r-xp",
                fields[5].trimmingLeadingSpaces == executable,
                let dash = fields[0].firstIndex(of: "-"),
                let start = UInt(fields[0][..<dash], radix: 16),
                let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16), end > start
            else { continue }
            found.append((start, Int(end - start)))
        }
        return found
    }
}

extension Substring {
    fileprivate var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
