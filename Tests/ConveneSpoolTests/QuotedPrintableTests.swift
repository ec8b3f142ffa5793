import Testing

@testable import ConveneSpool

/// The quoted-printable encoding of both parts (RFC 2045 §6.7).
@Suite struct QuotedPrintableTests {
    /// Decodes quoted-printable, for checking round trips.
    private func decode(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "=") else {
                out.append(bytes[index])
                index += 1
                continue
            }
            if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                index += 3
            } else if index + 2 < bytes.count,
                let byte = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                index += 3
            } else {
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    @Test(arguments: [
        ("Dear Chloé's Circle,", "Dear Chlo=C3=A9's Circle,"),
        ("Tŷ Rhieni", "T=C5=B7 Rhieni"),
        ("id=42&x=y", "id=3D42&x=3Dy"),
        ("ends with a space ", "ends with a space=20"),
        ("ends with a tab\t", "ends with a tab=09"),
        ("one\ntwo\r\nthree\rfour", "one\r\ntwo\r\nthree\r\nfour"),
        ("closing break\n", "closing break\r\n"),
    ])
    func shortTextIsEncodedAsExpected(_ text: String, _ encoded: String) {
        #expect(QuotedPrintable.encode(text) == encoded)
    }

    @Test(arguments: ["x", "é", "ŷ", "ẃ", "🙂", "= "])
    func longLinesGetSoftBreaksWithin76AndDecodeBack(_ letter: String) throws {
        let text = "Where: " + String(repeating: letter, count: 120) + "\r\nnext line\r\n"
        let encoded = QuotedPrintable.encode(text)
        for line in encoded.split(separator: "\r\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII && ($0.value >= 32 || $0 == "\t") })
            // Each physical line decodes to whole letters on its own.
            #expect(decode(String(line.hasSuffix("=") ? line.dropLast() : line)) != nil, "\(line)")
        }
        #expect(decode(encoded) == text)
    }

    @Test func theOutputNeverHasEqualsFollowedByUnderscoreSoTheBoundaryIsSafe() {
        let text = "=_invitation-0123456789abcdef\r\n--=_invitation-0123456789abcdef\r\n" + String(repeating: "=_", count: 100)
        let encoded = QuotedPrintable.encode(text)
        #expect(!encoded.contains("=_"))
        #expect(decode(encoded) == text)
    }
}
