import Glibc

/// Users and groups from the system's account database (NSS), for authorising peers.
enum UnixAccounts {
    /// Whether `uid` is root, or is in `group` (as its primary group `gid` or as a
    /// listed member).
    static func isRootOrMember(uid: UInt32, gid: UInt32, of group: String) -> Bool {
        if uid == 0 { return true }
        guard let entry = self.group(named: group) else { return false }
        if entry.gid == gid { return true }
        guard let user = userName(uid) else { return false }
        return entry.members.contains(user)
    }

    /// A user's login name, or nil if the uid has none.
    static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return nil
        }
        return String(cString: name)
    }

    /// A group's id and listed members.
    static func group(named name: String) -> (gid: UInt32, members: [String])? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 65_536)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        var members: [String] = []
        if var member = entry.gr_mem {
            while let name = member.pointee {
                members.append(String(cString: name))
                member += 1
            }
        }
        return (entry.gr_gid, members)
    }

    /// How a change is attributed in the audit trail: the login name, else `uid N`.
    static func describe(uid: UInt32) -> String { userName(uid) ?? "uid \(uid)" }
}
