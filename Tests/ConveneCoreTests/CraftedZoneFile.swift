/// TZif bytes made to order (RFC 8536), for tests that feed the reader files no
/// system has: each part can be set, and the result broken afterwards.
struct CraftedZoneFile {
    /// 0 for a version 1 file, else the ASCII digit of the version.
    var version: UInt8 = UInt8(ascii: "2")
    /// Instants and the index of the local time type from each on.
    var transitions: [(instant: Int, type: UInt8)] = []
    /// Offsets (seconds east of UTC), daylight saving flags and abbreviation indices.
    var types: [(offset: Int32, isDaylightSaving: Bool, abbreviation: UInt8)] = [(0, false, 0)]
    /// NUL-separated abbreviations.
    var abbreviations = "UTC\0"
    /// The footer's TZ string; nil for a version 2+ file that ends without one.
    var footer: String? = ""
    /// How many (zero) leap-second records to include.
    var leapSeconds = 0

    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        if version == 0 {
            appendBlock(to: &bytes, timeSize: 4)
            return bytes
        }
        // A version 1 block as `zic -b slim` writes it: one type, one abbreviation byte.
        appendHeader(to: &bytes, counts: [0, 0, 0, 0, 1, 1])
        bytes += [0, 0, 0, 0, 0, 0, 0]
        appendBlock(to: &bytes, timeSize: 8)
        if let footer { bytes += Array("\n\(footer)\n".utf8) }
        return bytes
    }

    private func appendHeader(to bytes: inout [UInt8], counts: [Int]) {
        bytes += Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        for count in counts { CraftedZoneFile.append(count, size: 4, to: &bytes) }
    }

    private func appendBlock(to bytes: inout [UInt8], timeSize: Int) {
        let abbreviationBytes = Array(abbreviations.utf8)
        appendHeader(
            to: &bytes, counts: [0, 0, leapSeconds, transitions.count, types.count, abbreviationBytes.count])
        for transition in transitions { CraftedZoneFile.append(transition.instant, size: timeSize, to: &bytes) }
        bytes += transitions.map(\.type)
        for type in types {
            CraftedZoneFile.append(Int(type.offset), size: 4, to: &bytes)
            bytes += [type.isDaylightSaving ? 1 : 0, type.abbreviation]
        }
        bytes += abbreviationBytes
        for _ in 0..<leapSeconds { bytes += [UInt8](repeating: 0, count: timeSize + 4) }
    }

    /// `value` as `size` big-endian bytes (two's complement).
    static func append(_ value: Int, size: Int, to bytes: inout [UInt8]) {
        for shift in stride(from: (size - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
