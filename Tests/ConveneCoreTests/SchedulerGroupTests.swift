import ConveneTestSupport
import PropertyBased
import Synchronization
import Testing

@testable import ConveneCore

/// The scheduler places series that share no forum and no venue (its groups) one group
/// after another rather than all in one sequence. That must change nothing: a year
/// placed group by group is the year placed in one sequence, occurrence for occurrence,
/// reasons and all, also when a coordinator's move joins two groups or cancels a meeting.
@Suite(.runsOnBlockingThreads) struct SchedulerGroupTests {
    @Test func aYearPlacedGroupByGroupIsTheYearPlacedInOneSequence() async {
        let joined = Counter()
        await propertyCheck(count: 80, input: Gen.uint64()) { seed in
            let (configuration, overrides) = RandomConfiguration.sideBySide(seed: seed)
            var groups: [Int] = []
            for decisions in [[], overrides] {
                let effective = Scheduler.effective(decisions)
                let apart = YearScheduler(configuration: configuration, year: 2027, overrides: effective)
                let together = YearScheduler(configuration: configuration, year: 2027, overrides: effective, groupsApart: false)
                groups.append(Set(apart.groups).count)
                let (a, b) = (apart.run(), together.run())
                #expect(a.count == b.count, "seed \(seed)")
                if let index = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
                    Issue.record("seed \(seed): apart \(a[index]), together \(b[index])")
                }
            }
            // The three configurations share nothing: three groups at least, until a move
            // to another one's venue joins two.
            #expect(groups[0] >= 3, "seed \(seed): \(groups[0]) groups")
            if groups[1] < groups[0] { joined.add() }
        }
        #expect(joined.value > 0, "no seed's moves joined two groups")
    }

    /// Series that share a forum, or a venue either may meet at, are one group; one that
    /// shares nothing is a group of its own; a coordinator's move to a venue joins its
    /// series to that venue's group.
    @Test func seriesSharingAForumOrAVenueAreOneGroup() throws {
        var builder = ConfigurationBuilder()
        builder.venues.append(Venue(id: "north-school", name: "North School", district: "north", capacity: 30, stepFree: true))
        builder.forums += [("east-parents", "south"), ("west-parents", "north"), ("online-parents", "north")].map {
            Forum(id: $0.0, name: $0.0, district: $0.1, contacts: [], availability: [])
        }
        let start = "2027-01-05T10:00:00"
        builder.series = [
            // At County Hall, or North School when it is taken: joined to `youth` by the school.
            ConfigurationBuilder.series("board", "FREQ=MONTHLY;BYDAY=1TU", start: start, invited: ["north-parents"]),
            ConfigurationBuilder.series(
                "youth", "FREQ=MONTHLY;BYDAY=1WE", start: start, venue: "north-school", invited: ["west-parents"]),
            // The library: `panel` and `forum-day`; east-parents: `forum-day` and `clinic`.
            ConfigurationBuilder.series(
                "panel", "FREQ=MONTHLY;BYDAY=1TH", start: start, venue: "south-library", invited: ["south-parents"]),
            ConfigurationBuilder.series(
                "forum-day", "FREQ=MONTHLY;BYDAY=2TH", start: start, venue: "south-library", invited: ["east-parents"]),
            ConfigurationBuilder.series(
                "clinic", "FREQ=MONTHLY;BYDAY=3TH", start: start, venue: nil, online: "https://meet.example.org/clinic",
                invited: ["east-parents"]),
            ConfigurationBuilder.series(
                "webinar", "FREQ=MONTHLY;BYDAY=4TH", start: start, venue: nil, online: "https://meet.example.org/webinar",
                invited: ["online-parents"]),
        ]
        let configuration = builder.build()
        func groups(_ overrides: [Override]) -> [String: Int] {
            let scheduler = YearScheduler(configuration: configuration, year: 2027, overrides: Scheduler.effective(overrides))
            let ranked = configuration.series.map(\.id).sorted()
            return Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1, scheduler.groups[$0]) })
        }
        let plain = groups([])
        #expect(plain["board"] == plain["youth"])
        #expect(plain["panel"] == plain["forum-day"] && plain["forum-day"] == plain["clinic"])
        #expect(Set(plain.values).count == 3, "\(plain)")

        let panel = try #require(
            Scheduler(configuration: configuration).placed(year: 2027, overrides: []).first { $0.series == "panel" })
        let moved = groups([
            Override(
                uid: panel.uid, action: .move(to: panel.ruleStart.local, venue: "county-hall"), reason: "The library is shut")
        ])
        #expect(moved["panel"] == moved["board"] && moved["board"] == moved["clinic"])
        #expect(moved["webinar"] != moved["board"])
        #expect(Set(moved.values).count == 2, "\(moved)")
    }

    final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }
}
