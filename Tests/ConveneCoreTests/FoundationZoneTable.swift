import Foundation

@testable import ConveneCore

/// The transition table as `ZoneRules` built it from Foundation's `TimeZone` (ICU's
/// bundled tz data) before it read the system's zone files: kept for the few zones and
/// years on which ICU's data and any recent tzdata agree (see `ZoneInfoTests`).
struct FoundationZoneTable {
    let initialOffset: Int
    let instants: [Int]
    let offsets: [Int]

    /// The version of the tz data ICU carries, e.g. `2025b`.
    static var dataVersion: String { TimeZone.timeZoneDataVersion }

    /// Foundation's table for `identifier` over the years `ZoneRules` keeps, or nil if
    /// Foundation does not know the zone.
    init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
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
        self.initialOffset = first
        self.instants = instants
        self.offsets = offsets
    }

    /// The zone this table makes, with its wall-time keys and largest forward jump
    /// derived as `ZoneRules` derives them.
    func rules(identifier: String) -> ZoneRules {
        ZoneRules(identifier: identifier, initialOffset: initialOffset, instants: instants, offsets: offsets)
    }
}
