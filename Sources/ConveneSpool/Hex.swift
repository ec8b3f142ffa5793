/// The `=XX` escapes that quoted-printable (RFC 2045) and the Q encoding (RFC 2047)
/// share, with upper-case digits as both require.
enum Hex {
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// `=C3` for 0xC3.
    static func escape(_ byte: UInt8) -> String {
        String(decoding: [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
