/// `[control]`: who may change the schedule through the daemon's control socket.
/// Anyone who can open the socket may read; root and members of `admin_group` may
/// cancel, move, restore and reload.
public struct ControlSettings: Hashable, Sendable {
    /// A Unix group name.
    public let adminGroup: String

    public static let defaultAdminGroup = "convene-admin"

    public init(adminGroup: String = ControlSettings.defaultAdminGroup) {
        self.adminGroup = adminGroup
    }

    /// The names useradd(8) accepts: letters, digits, `-`, `_` (and a trailing `$`),
    /// not starting with `-`.
    public static func isValidGroupName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-", name.count <= 32 else { return false }
        return name.unicodeScalars.enumerated().allSatisfy { index, scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                    || (scalar == "$" && index == name.unicodeScalars.count - 1))
        }
    }
}
