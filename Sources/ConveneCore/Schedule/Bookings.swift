/// What is already booked while a year is scheduled: each venue's and each forum's
/// meetings, bucketed by the day they start so a check looks at a handful of entries.
struct Bookings {
    /// One placed meeting.
    struct Entry {
        let start: Int
        let end: Int
        /// The venue's district, nil when online only (no travel needed).
        let district: String?
        /// What to call it in a reason ("the SEND Strategy Board").
        let title: String
    }

    private var venues: [String: [Int: [Entry]]] = [:]
    private var forums: [String: [Int: [Entry]]] = [:]
    /// Time a forum needs between meetings at venues in different districts.
    let travelGap: Int

    init(travelGap: Int) {
        self.travelGap = travelGap
    }

    mutating func book(venue: String?, forums invited: [String], entry: Entry) {
        let day = entry.start.floorDivided(by: 86_400)
        if let venue { venues[venue, default: [:]][day, default: []].append(entry) }
        for forum in invited { forums[forum, default: [:]][day, default: []].append(entry) }
    }

    /// The meeting already at `venue` that overlaps `start..<end`, if any.
    func venueClash(_ venue: String, start: Int, end: Int) -> Entry? {
        guard let days = venues[venue] else { return nil }
        return Self.first(in: days, around: start) { $0.start < end && start < $0.end }
    }

    /// The first invited forum already in a meeting that overlaps, counting travel time
    /// between districts, with that meeting.
    func forumClash(_ invited: [String], start: Int, end: Int, district: String?) -> (forum: String, entry: Entry)? {
        for forum in invited {
            guard let days = forums[forum] else { continue }
            let clash = Self.first(in: days, around: start) { other in
                let gap = district != nil && other.district != nil && district != other.district ? travelGap : 0
                return other.start < end + gap && start < other.end + gap
            }
            if let clash { return (forum, clash) }
        }
        return nil
    }

    /// Meetings last at most a day, so anything overlapping starts the day before, the
    /// same day or the day after.
    private static func first(in days: [Int: [Entry]], around start: Int, where test: (Entry) -> Bool) -> Entry? {
        let day = start.floorDivided(by: 86_400)
        for d in (day - 1)...(day + 1) {
            if let hit = days[d]?.first(where: test) { return hit }
        }
        return nil
    }
}
