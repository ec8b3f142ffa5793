/// FNV-1a (64 bits) over bytes: not a secret, only a fingerprint that names the same
/// bytes the same way in every process and across restarts (an answer's entity tag, an
/// inbound message's digest).
public enum Fingerprint {
    /// FNV-1a's starting value.
    public static let start: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The fingerprint of `bytes`, or of what `hash` covered followed by `bytes`.
    public static func fnv1a(_ bytes: some Sequence<UInt8>, continuing hash: UInt64 = start) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
