import CSystemd
import Glibc

/// Sockets systemd opened for the daemon (a `.socket` unit, or `systemd-socket-activate`),
/// per sd_listen_fds(3): descriptors from 3 on, when `$LISTEN_PID` is this process.
public enum SocketActivation {
    /// The first inherited listening Unix stream socket, if the daemon was socket-activated.
    /// The environment variables are removed so child processes do not inherit them.
    public static func inheritedSocket() throws(SocketActivationError) -> Int32? {
        let count = sd_listen_fds(1)
        if count < 0 { throw .listenFDs(errno: -count) }
        guard count > 0 else { return nil }
        let descriptor = SD_LISTEN_FDS_START
        guard sd_is_socket_unix(descriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
            throw .notAUnixStreamSocket(descriptor)
        }
        return descriptor
    }
}

/// Why an inherited socket could not be used.
public enum SocketActivationError: Error, CustomStringConvertible {
    case listenFDs(errno: Int32)
    case notAUnixStreamSocket(Int32)

    public var description: String {
        switch self {
        case .listenFDs(let code): "sd_listen_fds failed: error \(code)"
        case .notAUnixStreamSocket(let descriptor):
            "descriptor \(descriptor) passed by systemd is not a listening Unix stream socket (check ListenStream= in convened.socket)"
        }
    }
}
