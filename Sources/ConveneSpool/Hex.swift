/// The `=XX` escapes that quoted-printable (RFC 2045) and the Q encoding (RFC 2047)
/// share, with upper-case digits as both require.
enum Hex {
    /// Appends `=C3` for 0xC3 to `out`, with no `String` in between.
    static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "="))
        out.append(digit(byte >> 4))
        out.append(digit(byte & 0x0F))
    }

    /// The upper-case hex digit for a value below 16.
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
