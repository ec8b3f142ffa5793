import ConveneCore
import Synchronization

/// One calendar year's meetings, placed, in schedule order (start, series, UID), with
/// what finds part of it without reading or copying the rest: a range by binary search
/// on the starts, and a forum's or a district's meetings through an index made the first
/// time one is asked for.
///
/// A national year holds about 53,000 meetings; a month's page, a district's month or
/// a forum's feed needs a few hundred to a few thousand of them.
final class PlacedYear: Sendable {
    let occurrences: [Occurrence]
    /// Each occurrence's start (seconds since the epoch), in the same order.
    private let starts: [Int]
    /// Made the first time a forum or venue is asked for.
    private let madeIndex = Mutex<Index?>(nil)

    init(_ placed: [Occurrence]) {
        // The scheduler places a year in this order already.
        occurrences = placed.isInScheduleOrder ? placed : placed.sorted(by: Scheduler.inScheduleOrder)
        starts = occurrences.map(\.start.instant)
    }

    /// Calls `body` with each meeting starting in `instants`, in order: all of them, or
    /// (with `among`) those that invite one of its forums or are held at one of its venues.
    func forEach(startingIn instants: Range<Int>, among: Selection?, _ body: (Occurrence) -> Void) {
        let low = Self.firstIndex(in: starts, notBefore: instants.lowerBound)
        let high = Self.firstIndex(in: starts, notBefore: instants.upperBound)
        guard low < high else { return }
        guard let among else {
            for index in low..<high { body(occurrences[index]) }
            return
        }
        let index = self.index()
        var positions: [Int32] = []
        let lists = among.forums.map { index.byForum[$0] ?? [] } + among.venues.map { index.byVenue[$0] ?? [] }
        for list in lists {
            for position in list[Self.firstIndex(in: list, notBefore: Int32(low))...] {
                guard position < high else { break }
                positions.append(position)
            }
        }
        if lists.count > 1 {
            positions.sort()
            var previous: Int32 = -1
            positions.removeAll { position in
                defer { previous = position }
                return position == previous
            }
        }
        for position in positions { body(occurrences[Int(position)]) }
    }

    /// Forums and venues: a meeting is among them if it invites one of the forums or is
    /// held at one of the venues.
    struct Selection: Sendable {
        var forums: [String]
        var venues: [String] = []
    }

    /// The positions of the meetings each forum is invited to, and of those held at each venue.
    private struct Index: Sendable {
        var byForum: [String: [Int32]] = [:]
        var byVenue: [String: [Int32]] = [:]
    }

    private func index() -> Index {
        if let made = madeIndex.withLock({ $0 }) { return made }
        var index = Index()
        for (position, occurrence) in occurrences.enumerated() {
            for forum in occurrence.invited { index.byForum[forum, default: []].append(Int32(position)) }
            if let venue = occurrence.venue { index.byVenue[venue, default: []].append(Int32(position)) }
        }
        madeIndex.withLock { $0 = index }
        return index
    }

    /// The position of the first element `>= value` in a sorted array (its count if none).
    private static func firstIndex<T: Comparable>(in sorted: [T], notBefore value: T) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
