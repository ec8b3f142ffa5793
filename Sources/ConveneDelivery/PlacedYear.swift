import ConveneCore
import Synchronization

/// One calendar year's meetings, placed, in schedule order (start, series, UID), with
/// what finds part of it without reading or copying the rest: a range by binary search
/// on the starts, and a forum's meetings through an index made the first time a forum
/// is asked for.
///
/// A national year holds about 53,000 meetings; a month's page, a district's month or
/// a forum's feed needs a few hundred to a few thousand of them.
final class PlacedYear: Sendable {
    let occurrences: [Occurrence]
    /// Each occurrence's start (seconds since the epoch), in the same order.
    private let starts: [Int]
    /// Forum id → the positions of the meetings it is invited to, in order.
    private let byForum = Mutex<[String: [Int32]]?>(nil)

    init(_ placed: [Occurrence]) {
        occurrences = placed.sorted(by: Scheduler.inScheduleOrder)
        starts = occurrences.map(\.start.instant)
    }

    /// Calls `body` with each meeting starting in `instants`, in order, or only with
    /// those `forum` is invited to.
    func forEach(startingIn instants: Range<Int>, forum: String?, _ body: (Occurrence) -> Void) {
        let low = Self.firstIndex(in: starts, notBefore: instants.lowerBound)
        let high = Self.firstIndex(in: starts, notBefore: instants.upperBound)
        guard low < high else { return }
        guard let forum else {
            for index in low..<high { body(occurrences[index]) }
            return
        }
        let positions = forumIndex()[forum] ?? []
        let first = Self.firstIndex(in: positions, notBefore: Int32(low))
        for position in positions[first...] {
            guard position < high else { break }
            body(occurrences[Int(position)])
        }
    }

    private func forumIndex() -> [String: [Int32]] {
        if let made = byForum.withLock({ $0 }) { return made }
        var index: [String: [Int32]] = [:]
        for (position, occurrence) in occurrences.enumerated() {
            for forum in occurrence.invited { index[forum, default: []].append(Int32(position)) }
        }
        byForum.withLock { $0 = index }
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
