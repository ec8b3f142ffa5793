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
}
