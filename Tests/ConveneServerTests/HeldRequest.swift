/// Holds a request inside the handler until the test lets it go: a request in flight.
/// `entered` yields once the request has reached the handler.
struct HeldRequest: Sendable {
    let entered: AsyncStream<Void>
    private let enter: AsyncStream<Void>.Continuation
    private let released: AsyncStream<Void>
    private let release: AsyncStream<Void>.Continuation

    init() {
        (entered, enter) = AsyncStream.makeStream(of: Void.self)
        (released, release) = AsyncStream.makeStream(of: Void.self)
    }

    /// Called by the handler: says the request arrived, then waits for `letGo()`.
    func hold() async {
        enter.yield()
        for await _ in released {}
    }

    /// Lets the held request be answered.
    func letGo() {
        release.finish()
    }
}
