/// One input from libFuzzer, as the bytes it handed over and as the text they spell.
public struct FuzzInput {
    public let bytes: [UInt8]

    /// Copies the bytes libFuzzer owns: they are only valid during the call.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The bytes as UTF-8, each broken sequence replaced by U+FFFD: the text a reader
    /// of the same bytes would get.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes cut at every `separator`, for inputs made of several fields. Empty
    /// fields are kept, so field numbers never shift.
    public func fields(separatedBy separator: UInt8) -> [ArraySlice<UInt8>] {
        bytes.split(separator: separator, omittingEmptySubsequences: false)
    }
}
