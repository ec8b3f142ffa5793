import Hummingbird

/// The request context of the control API: Hummingbird's core context plus the
/// peer's credentials, read from the socket before routing.
public struct ControlContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who sent the request; nil only if the kernel would not say.
    public var peer: Peer?

    /// Request bodies are small JSON objects; anything bigger is refused with 413.
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
