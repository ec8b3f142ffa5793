/// What is already booked while a year is scheduled: each venue's and each forum's
/// meetings, in one small bucket per venue or forum and week of the year, so booking
/// is an append and a check scans the one or two weeks a meeting can touch. Each
/// meeting is kept once; buckets are linked lists of its index threaded through flat
/// arrays, so booking allocates nothing per bucket and a meeting inviting 24 forums
/// costs 24 pairs of integers, not 24 copies of it.
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
    /// Booked meetings' times and districts, and apart from them their titles, so a
    /// check reads plain integers and a title is read only for a clash.
    private var booked: [Span] = []
    private var titles: [String] = []
    private var venues: Table
    private var forums: Table
    /// Time a forum needs between meetings at venues in different districts.
    let travelGap: Int

    /// `yearStart` is the instant the year begins (its first midnight).
    init(venues: Int, forums: Int, yearStart: Int, travelGap: Int) {
        self.venues = Table(width: venues, buckets: venues * Self.weeks)
        self.forums = Table(width: forums, buckets: forums * Self.weeks)
        self.yearStart = yearStart
        self.travelGap = travelGap
    }

    /// Room for `meetings` bookings inviting `invitations` forums in all, so a year's
    /// arrays are allocated once at their size rather than grown by doubling.
    mutating func reserve(meetings: Int, invitations: Int) {
        booked.reserveCapacity(meetings)
        titles.reserveCapacity(meetings)
        venues.reserve(meetings)
        forums.reserve(invitations)
    }

    private struct Span {
        let start: Int
        let end: Int
        let district: Int
    }

    /// Buckets of meetings: `heads[b]` is the newest link of bucket b; link l names the
    /// meeting `entries[l]` (an index into `booked`) and the link before it, `next[l]`;
    /// -1 ends a list.
    private struct Table {
        /// How many venues or forums: a week's buckets are side by side, so the heads a
        /// week of placing reads are together in memory.
        let width: Int
        var heads: [Int32]
        var entries: [Int32] = []
        var next: [Int32] = []

        init(width: Int, buckets: Int) {
            self.width = width
            heads = Array(repeating: -1, count: buckets)
        }

        func bucket(_ index: Int, week: Int) -> Int { week * width + index }

        mutating func reserve(_ links: Int) {
            entries.reserveCapacity(links)
            next.reserveCapacity(links)
        }

        mutating func append(_ entry: Int32, to bucket: Int) {
            next.append(heads[bucket])
            heads[bucket] = Int32(entries.count)
            entries.append(entry)
        }

        func first(in bucket: Int, of booked: [Span], where test: (Span) -> Bool) -> Int? {
            var link = heads[bucket]
            while link >= 0 {
                let entry = Int(entries[Int(link)])
                if test(booked[entry]) { return entry }
                link = next[Int(link)]
            }
            return nil
        }
    }

    private func week(_ instant: Int) -> Int {
        min(Self.weeks - 1, max(0, (instant - yearStart).floorDivided(by: 7 * 86_400)))
    }

    mutating func book(venue: Int?, forums invited: [Int], entry: Entry) {
        let week = week(entry.start)
        let index = Int32(booked.count)
        booked.append(Span(start: entry.start, end: entry.end, district: entry.district))
        titles.append(entry.title)
        if let venue { venues.append(index, to: venues.bucket(venue, week: week)) }
        for forum in invited { forums.append(index, to: forums.bucket(forum, week: week)) }
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
    private func first(in table: Table, index: Int, from: Int, to: Int, where test: (Span) -> Bool) -> Entry? {
        for week in week(from - 86_400)...week(to) {
            if let hit = table.first(in: table.bucket(index, week: week), of: booked, where: test) {
                let span = booked[hit]
                return Entry(start: span.start, end: span.end, district: span.district, title: titles[hit])
            }
        }
        return nil
    }
}
