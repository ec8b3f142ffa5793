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
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        var text = local.description + sign + CivilDate.pad(magnitude / 3600, 2) + ":" + CivilDate.pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 {
            // Local mean time offsets have seconds, which RFC 3339 cannot write; ISO 8601 can.
            text += ":" + CivilDate.pad(magnitude % 60, 2)
        }
        return text
    }

    /// The same instant in UTC, in RFC 5545 basic form (`20270413T090000Z`).
    public var utcBasicFormat: String { LocalDateTime(wallSeconds: instant).basicFormat + "Z" }
}
