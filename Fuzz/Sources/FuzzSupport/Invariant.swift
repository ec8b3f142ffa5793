#if canImport(Glibc)
    import Glibc
#endif

/// Stops the run when an invariant fails, after printing what was expected and what
/// was found: libFuzzer then saves the input as a crash artifact. A trap rather than
/// `assert`, which the optimiser would drop.
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    guard !condition() else { return }
    let text = Array("invariant failed at \(file):\(line): \(message())\n".utf8)
    // Straight to descriptor 2: the C `stderr` is a global Swift 6 will not share.
    _ = text.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    abort()
}
