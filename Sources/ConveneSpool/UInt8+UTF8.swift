/// What the renderer needs to know about a byte of UTF-8 to work on bytes rather than
/// on `Character`s or `Unicode.Scalar`s, which cost a decode step each.
extension UInt8 {
    /// The number of bytes in the UTF-8 sequence this lead byte starts (1 for ASCII).
    /// Only meaningful for a lead byte; the text comes from a `String`, so it is valid.
    var utf8SequenceLength: Int {
        switch self {
        case ..<0x80: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }

    /// A C0 control character or DEL: the ones a header or content line must not hold.
    var isASCIIControl: Bool { self < 0x20 || self == 0x7F }
}

extension String {
    /// Runs `body` on the string's UTF-8 bytes where they lie. Scanning them this way
    /// costs a fraction of stepping through `utf8`'s iterator, byte by byte.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Whether any UTF-8 byte of the string satisfies `predicate`.
    func containsByte(where predicate: (UInt8) -> Bool) -> Bool {
        withUTF8Bytes { $0.contains(where: predicate) }
    }

    /// Whether every character is ASCII, so that bytes, scalars and characters agree
    /// (apart from CRLF, which is one `Character`).
    var isASCII: Bool { !containsByte { $0 >= 0x80 } }
}
