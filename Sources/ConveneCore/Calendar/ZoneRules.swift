import Foundation
import Synchronization

/// The UTC offsets of one IANA time zone, with the RFC 5545 rules for wall times
/// that a clock change skips or repeats.
///
/// Transitions are read once from the system's zone data (through Foundation) for
/// 1800–2500 and kept in a sorted table, so resolving a wall time is a binary search.
/// Later times are mapped back into 2100–2500 by whole 400-year Gregorian cycles, which
/// repeat weekdays exactly, so rules like "last Sunday of March" carry on correctly.
public struct ZoneRules: Sendable, CustomStringConvertible {
    /// The IANA identifier, e.g. `Europe/London`.
    public let identifier: String

    /// Instants (UTC seconds) at which the offset changes.
    let instants: [Int]
    /// The offset in effect from `instants[i]` on.
    let offsets: [Int]
    /// For each transition, the earliest wall time it governs for a wall-to-instant
    /// lookup: `instant + max(before, after)`. Wall times that a change skips or repeats
    /// resolve with the offset from before it (RFC 5545 §3.3.5; PEP 495 `fold=0`).
    private let wallKeys: [Int]
    let initialOffset: Int
    /// The largest amount the clocks ever go forward (an hour in most zones; 0 in UTC):
    /// how far wall-clock order and instant order can differ near a gap.
    public let largestForwardJump: Int

    public var description: String { identifier }

    /// The zone for an IANA identifier, or nil if the system does not know it.
    public init?(identifier: String) {
        if let cached = ZoneRules.cache.withLock({ $0[identifier] }) {
            self = cached
            return
        }
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier),
            zone.identifier == identifier || ZoneRules.isAlias(identifier, of: zone)
        else { return nil }
        self.init(zone: zone, identifier: identifier)
        let made = self
        ZoneRules.cache.withLock { $0[identifier] = made }
    }

    /// Coordinated Universal Time.
    public static let utc = ZoneRules(identifier: "UTC")!

    private init(zone: TimeZone, identifier: String) {
        self.identifier = identifier
        var instants: [Int] = []
        var offsets: [Int] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(ZoneRules.tableStart))
        let end = Date(timeIntervalSince1970: TimeInterval(ZoneRules.tableEnd))
        let first = zone.secondsFromGMT(for: cursor)
        var previous = first
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            let offset = zone.secondsFromGMT(for: next)
            if offset != previous {
                instants.append(Int(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
                previous = offset
            }
            cursor = next
        }
        var wallKeys: [Int] = []
        wallKeys.reserveCapacity(instants.count)
        for i in instants.indices {
            let before = i == 0 ? first : offsets[i - 1]
            wallKeys.append(instants[i] + max(before, offsets[i]))
        }
        self.instants = instants
        self.offsets = offsets
        self.wallKeys = wallKeys
        self.initialOffset = first
        var jump = 0
        for i in offsets.indices { jump = max(jump, offsets[i] - (i == 0 ? first : offsets[i - 1])) }
        largestForwardJump = jump
    }

    /// The UTC offset in seconds at an instant (seconds since the Unix epoch).
    public func offset(atInstant instant: Int) -> Int {
        let (shifted, _) = ZoneRules.intoTable(instant)
        let i = ZoneRules.lastIndex(in: instants, notAfter: shifted)
        return i < 0 ? initialOffset : offsets[i]
    }

    /// The instant a wall time denotes in this zone. A wall time inside a gap (spring
    /// forward) is moved forward by the gap; one that occurs twice (fall back) is the
    /// first of the two (RFC 5545 §3.3.5).
    public func resolve(wallSeconds wall: Int) -> ZonedDateTime {
        let (shifted, cycles) = ZoneRules.intoTable(wall)
        let i = ZoneRules.lastIndex(in: wallKeys, notAfter: shifted)
        let offset = i < 0 ? initialOffset : offsets[i]
        let instant = shifted - offset + cycles * ZoneRules.cycleSeconds
        return ZonedDateTime(instant: instant, offset: self.offset(atInstant: instant))
    }

    public func resolve(_ local: LocalDateTime) -> ZonedDateTime { resolve(wallSeconds: local.wallSeconds) }

    /// The instant `instant` as seen on this zone's wall clocks.
    public func zoned(instant: Int) -> ZonedDateTime {
        ZonedDateTime(instant: instant, offset: offset(atInstant: instant))
    }

    // MARK: Table

    private static let cache = Mutex<[String: ZoneRules]>([:])
    /// 1800-01-01 and 2500-01-01, in seconds since the epoch.
    private static let tableStart = CivilDate.dayNumber(year: 1800, month: 1, day: 1) * 86_400
    static let tableEnd = CivilDate.dayNumber(year: 2500, month: 1, day: 1) * 86_400
    /// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks).
    private static let cycleSeconds = 146_097 * 86_400

    /// Maps a time at or after 2500 back into 2100–2500 by whole 400-year cycles.
    private static func intoTable(_ t: Int) -> (Int, cycles: Int) {
        guard t >= tableEnd else { return (t, 0) }
        let cycles = (t - tableEnd) / cycleSeconds + 1
        return (t - cycles * cycleSeconds, cycles)
    }

    /// The index of the last element `<= value` in a sorted array, or -1.
    private static func lastIndex(in sorted: [Int], notAfter value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    /// Foundation canonicalises some identifiers (`US/Eastern`); accept the ones the zone
    /// database lists as links, but not case variants or typos that happen to resolve.
    private static func isAlias(_ identifier: String, of zone: TimeZone) -> Bool {
        TimeZone.knownTimeZoneIdentifiers.contains(identifier) || identifier == "UTC"
    }
}

extension ZoneRules {
    /// `time` plus a duration: the nominal days on the wall clock (so a day is 23 or 25
    /// hours across a clock change), then the exact hours, minutes and seconds.
    public func adding(_ duration: ISODuration, to time: ZonedDateTime) -> ZonedDateTime {
        let shifted =
            duration.days == 0 ? time.instant : resolve(wallSeconds: time.instant + time.offset + duration.days * 86_400).instant
        return zoned(instant: shifted + duration.seconds)
    }
}
