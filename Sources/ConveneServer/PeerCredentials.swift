import Glibc
import NIOCore

/// SO_PEERCRED for a connected Unix socket: `struct ucred` (pid, uid, gid), which the
/// kernel fills in at connect time, so a client cannot claim to be someone else.
enum PeerCredentials {
    struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    static func of(_ channel: any Channel) async throws -> Peer? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let credentials: UCred = try await provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)
        ).get()
        return Peer(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
}
