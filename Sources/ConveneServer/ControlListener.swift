/// Where the control API listens: a socket systemd passed in (socket activation), or a
/// path the daemon binds itself.
public enum ControlListener: Sendable, Equatable, CustomStringConvertible {
    /// A listening descriptor inherited from systemd (`convened.socket`, fd 3).
    case inherited(descriptor: Int32)
    /// A Unix socket path to bind, with mode 0660.
    case path(String)

    public var description: String {
        switch self {
        case .inherited(let descriptor): "fd \(descriptor) passed by systemd"
        case .path(let path): path
        }
    }
}

/// Why the control socket could not be opened.
public enum ControlListenerError: Error, CustomStringConvertible {
    /// Another daemon answers on the path; it is not ours to remove.
    case inUse(path: String)
    case cannotBind(path: String, reason: String)

    public var description: String {
        switch self {
        case .inUse(let path):
            "\(path): another convened is running and answering on this control socket; stop it or choose another --socket"
        case .cannotBind(let path, let reason): "\(path): cannot listen: \(reason)"
        }
    }
}
