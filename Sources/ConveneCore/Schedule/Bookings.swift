/// What is already booked while a year is scheduled: each venue's and each forum's
/// meetings, in one small bucket per venue or forum and week of the year, so booking
/// is an append and a check scans the one or two weeks a meeting can touch. Buckets
/// are linked lists threaded through two flat arrays, so booking allocates nothing
/// per bucket.
struct Bookings {
    /// One placed meeting.
    struct Entry {
        let start: Int
        let end: Int
        /// The venue's district index, -1 when online only (no travel needed).
        let district: Int
        /// What to call it in a reason ("the SEND Strategy Board").
        let title: String
    }

    /// Weeks 0…53 of the year; meetings booked from outside the year go to the ends.
    private static let weeks = 54
    private let yearStart: Int
    private var venues: Table
    private var forums: Table
    /// Time a forum needs between meetings at venues in different districts.
    let travelGap: Int

    /// `yearStart` is the instant the year begins (its first midnight).
    init(venues: Int, forums: Int, yearStart: Int, travelGap: Int) {
        self.venues = Table(buckets: venues * Self.weeks)
        self.forums = Table(buckets: forums * Self.weeks)
        self.yearStart = yearStart
        self.travelGap = travelGap
    }

    /// Buckets of entries: `heads[b]` is the newest entry of bucket b, `next[e]` the one
    /// booked before entry e, -1 ending a list.
    private struct Table {
        var heads: [Int32]
        var entries: [Entry] = []
        var next: [Int32] = []

        init(buckets: Int) {
            heads = Array(repeating: -1, count: buckets)
        }

        mutating func append(_ entry: Entry, to bucket: Int) {
            next.append(heads[bucket])
            heads[bucket] = Int32(entries.count)
            entries.append(entry)
        }

        func first(in bucket: Int, where test: (Entry) -> Bool) -> Entry? {
            var index = heads[bucket]
            while index >= 0 {
                if test(entries[Int(index)]) { return entries[Int(index)] }
                index = next[Int(index)]
            }
            return nil
        }
    }

    private func week(_ instant: Int) -> Int {
        min(Self.weeks - 1, max(0, (instant - yearStart).floorDivided(by: 7 * 86_400)))
    }

    mutating func book(venue: Int?, forums invited: [Int], entry: Entry) {
        let week = week(entry.start)
        if let venue { venues.append(entry, to: venue * Self.weeks + week) }
        for forum in invited { forums.append(entry, to: forum * Self.weeks + week) }
    }

    /// The meeting already at `venue` that overlaps `start..<end`, if any.
    func venueClash(_ venue: Int, start: Int, end: Int) -> Entry? {
        first(in: venues, index: venue, from: start, to: end) { $0.start < end && start < $0.end }
    }

    /// The first invited forum already in a meeting that overlaps, counting travel time
    /// between districts, with that meeting.
    func forumClash(_ invited: [Int], start: Int, end: Int, district: Int) -> (forum: Int, entry: Entry)? {
        for forum in invited {
            let clash = first(in: forums, index: forum, from: start - travelGap, to: end + travelGap) { other in
                let gap = district >= 0 && other.district >= 0 && district != other.district ? travelGap : 0
                return other.start < end + gap && start < other.end + gap
            }
            if let clash { return (forum, clash) }
        }
        return nil
    }

    /// Meetings last at most a day, so only those starting from a day before `from`
    /// up to `to` can overlap: their weeks are the only buckets to look in.
    private func first(in table: Table, index: Int, from: Int, to: Int, where test: (Entry) -> Bool) -> Entry? {
        for week in week(from - 86_400)...week(to) {
            if let hit = table.first(in: index * Self.weeks + week, where: test) { return hit }
        }
        return nil
    }
}
