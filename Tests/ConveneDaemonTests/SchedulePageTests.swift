import ConveneCore
import ConveneProtocol
import ConveneTestSupport
import Testing

@testable import ConveneDaemon

/// `GET /v1/schedule` a page at a time, and filtered by forum, district and series.
@Suite struct SchedulePageTests {
    /// Two daily series a year long: 730 meetings, north's at County Hall for both forums,
    /// south's online for south only.
    static func harness() async throws -> DeliveryRetryTests.Harness {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series("north-daily", "FREQ=DAILY;COUNT=365", start: "2027-01-01T10:00:00"),
            ConfigurationBuilder.series(
                "south-daily", "FREQ=DAILY;COUNT=365", start: "2027-01-01T18:00:00", venue: nil,
                online: "https://meet.example.org/south", invited: ["south-parents"]),
        ]
        return try DeliveryRetryTests.Harness(at: "2026-12-01T08:00:00", configuration: builder.build())
    }

    static let year = ScheduleRange.days(CalendarDay(year: 2027, month: 1, day: 1)!, CalendarDay(year: 2027, month: 12, day: 31)!)

    static func walk(_ daemon: Daemon, _ query: ScheduleQuery) throws -> (pages: [Int], uids: [String]) {
        var query = query
        var pages: [Int] = []
        var uids: [String] = []
        while true {
            let page = try daemon.read(.schedule(query), as: ScheduleDocument.self)
            pages.append(page.occurrences.count)
            uids += page.occurrences.map(\.uid)
            guard let next = page.nextCursor else { return (pages, uids) }
            guard let cursor = ScheduleCursor(next), cursor.description == next else {
                Issue.record("the cursor \(next) does not read back as it was given")
                return (pages, uids)
            }
            query.cursor = cursor
        }
    }

    @Test func theWholeYearComesInPagesWithNothingSkippedOrRepeated() async throws {
        let harness = try await Self.harness()
        let (pages, uids) = try Self.walk(harness.daemon, ScheduleQuery(range: Self.year))
        #expect(pages == [500, 230])
        #expect(Set(uids).count == 730)
        let (small, same) = try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, limit: 100))
        #expect(small == [100, 100, 100, 100, 100, 100, 100, 30])
        #expect(same == uids, "the same order whatever the page size")
    }

    @Test func filtersByForumDistrictAndSeries() async throws {
        let harness = try await Self.harness()
        let north = try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, forum: "north-parents")).uids
        #expect(north.count == 365 && north.allSatisfy { $0.hasPrefix("north-daily-") })
        let south = try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, series: "south-daily")).uids
        #expect(south.count == 365)
        // The south district: its forum is invited to both series.
        #expect(try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, district: "south")).uids.count == 730)
        // The north district: County Hall is there and north's forum is invited to north's series only.
        #expect(try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, district: "north")).uids == north)
        #expect(throws: ControlFailure.self) {
            try harness.daemon.read(.schedule(ScheduleQuery(range: Self.year, district: "east")), as: ScheduleDocument.self)
        }
    }

    /// Meetings that start together come in UID order, which is not their series' order
    /// ("a-1-…" before "a-…"), and a page may end in the middle of them: nothing is skipped
    /// or repeated across the boundary.
    @Test func meetingsStartingTogetherAreInUIDOrderAcrossPageBoundaries() throws {
        var builder = ConfigurationBuilder()
        builder.forums += ["east", "west", "centre"].map { id in
            Forum(
                id: "\(id)-parents", name: "\(id) parents", district: "north",
                contacts: [Contact(name: "Secretary", email: "\(id)@example.org")], availability: [])
        }
        builder.series = zip(["a", "a-1", "b"], ["east-parents", "west-parents", "centre-parents"]).map { id, forum in
            ConfigurationBuilder.series(
                id, "FREQ=DAILY;COUNT=200", start: "2027-01-01T10:00:00", venue: nil,
                online: "https://meet.example.org/\(id)", invited: [forum])
        }
        let harness = try DeliveryRetryTests.Harness(at: "2026-12-01T08:00:00", configuration: builder.build())
        let (pages, uids) = try Self.walk(harness.daemon, ScheduleQuery(range: Self.year, limit: 100))
        #expect(pages == [100, 100, 100, 100, 100, 100])
        #expect(uids.prefix(3).map { String($0.prefix { $0 != "@" }) } == ["a-1-20270101", "a-20270101", "b-20270101"])
        let whole = try harness.daemon.read(.schedule(ScheduleQuery(range: Self.year, limit: 5000)), as: ScheduleDocument.self)
        #expect(uids == whole.occurrences.map(\.uid), "the same order in pages of 100 as in one page")
        #expect(Set(uids).count == 600)
        let ordered = whole.occurrences.map { ($0.start, $0.uid) }
        #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0 < $1 }, "by start, then UID")
    }
}
