/// An instant together with the UTC offset in force there: what RFC 3339 writes as
/// `2027-04-13T10:00:00+01:00`.
public struct ZonedDateTime: Hashable, Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let instant: Int
    /// Seconds east of UTC.
    public let offset: Int

    public init(instant: Int, offset: Int) {
        self.instant = instant
        self.offset = offset
    }

    /// The wall time at this instant and offset.
    public var local: LocalDateTime { LocalDateTime(wallSeconds: instant + offset) }

    public static func < (lhs: ZonedDateTime, rhs: ZonedDateTime) -> Bool { lhs.instant < rhs.instant }
}

extension ZonedDateTime: CustomStringConvertible {
    /// RFC 3339 with the numeric offset (`Z` is never used, so the zone's offset shows).
    public var description: String { rfc3339 }

    public var rfc3339: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `rfc3339`'s bytes, without making a string: what a program printing
    /// millions of instants calls.
    public func appendRFC3339(to bytes: inout [UInt8]) {
        let local = self.local
        let (date, time) = (local.date, local.time)
        let magnitude = abs(offset)
        // The fixed form: a four-digit year, and an offset in whole minutes under 100 hours.
        guard (0...9999).contains(date.year), magnitude % 60 == 0, magnitude < 100 * 3600 else {
            appendRFC3339Longhand(local, to: &bytes)
            return
        }
        // `YYYY-MM-DDTHH:MM:SS+HH:MM`: 25 bytes written in place, one append for them all.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 25) { text in
            func two(_ value: Int, at index: Int) {
                text[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
                text[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            two(date.year / 100, at: 0)
            two(date.year % 100, at: 2)
            text[4] = UInt8(ascii: "-")
            two(date.month, at: 5)
            text[7] = UInt8(ascii: "-")
            two(date.day, at: 8)
            text[10] = UInt8(ascii: "T")
            two(time.hour, at: 11)
            text[13] = UInt8(ascii: ":")
            two(time.minute, at: 14)
            text[16] = UInt8(ascii: ":")
            two(time.second, at: 17)
            text[19] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            two(magnitude / 3600, at: 20)
            text[22] = UInt8(ascii: ":")
            two(magnitude / 60 % 60, at: 23)
            bytes.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// `appendRFC3339` a byte at a time, for what the fixed form cannot hold: a year
    /// outside 0–9999, or an offset with seconds (local mean time).
    private func appendRFC3339Longhand(_ local: LocalDateTime, to bytes: inout [UInt8]) {
        let year = local.date.year
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        if (0...9999).contains(year) {
            Self.append2(year / 100, to: &bytes)
            Self.append2(year % 100, to: &bytes)
        } else {
            Self.append(abs(year), width: 4, to: &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        Self.append2(local.date.month, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append2(local.date.day, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.append2(local.time.hour, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append2(local.time.minute, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append2(local.time.second, to: &bytes)
        let magnitude = abs(offset)
        bytes.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        Self.append(magnitude / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append2(magnitude / 60 % 60, to: &bytes)
        if magnitude % 60 != 0 {
            // Local mean time offsets have seconds, which RFC 3339 cannot write; ISO 8601 can.
            bytes.append(UInt8(ascii: ":"))
            Self.append2(magnitude % 60, to: &bytes)
        }
    }

    /// Two digits of `value` (0–99).
    private static func append2(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }

    /// `value` (not negative) in decimal, at least `width` digits.
    private static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
            remaining %= divisor
            divisor /= 10
        }
    }

    /// The same instant in UTC, in RFC 5545 basic form (`20270413T090000Z`).
    public var utcBasicFormat: String { LocalDateTime(wallSeconds: instant).basicFormat + "Z" }
}
