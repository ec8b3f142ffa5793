import ConveneConfig
import ConveneCore
import ConveneDelivery
import ConveneTestSupport
import Testing

/// The schedule source finds a range, or one forum's part of it, in its kept years by
/// binary search and its indexes: it must give exactly what the scheduler gives for the
/// same range, filtered by forum and district, on the shipped configuration with
/// coordinators' moves and cancellations.
@Suite struct ScheduleSourceRangeTests {
    static let configuration = ConfigurationLoader(mainFile: RepositoryPaths.exampleConfig.path).load().configuration!

    /// Every third meeting of 2027 moved a week later (or to the first of the month if that
    /// leaves the year) or cancelled, alternately: meetings out of their usual order.
    static let overrides: [Override] = {
        let placed = Scheduler(configuration: configuration).placed(year: 2027, overrides: [])
            .sorted { $0.uid < $1.uid }
        return placed.enumerated().compactMap { position, occurrence -> Override? in
            guard position % 3 == 0 else { return nil }
            if position % 2 == 0 { return Override(uid: occurrence.uid, action: .cancel, reason: "closed") }
            let start = occurrence.start.local
            var day = start.date.adding(days: 7)
            if day.year != 2027 { day = CivilDate(year: 2027, month: 12, day: 1)! }
            return Override(
                uid: occurrence.uid, action: .move(to: LocalDateTime(date: day, time: start.time), venue: nil), reason: "moved")
        }
    }()

    static let ranges: [(CivilDate, CivilDate)] = {
        var generator = SeededGenerator(seed: 15)
        let start = CivilDate(year: 2026, month: 11, day: 1)!
        var ranges = [
            (CivilDate(year: 2027, month: 1, day: 1)!, CivilDate(year: 2027, month: 12, day: 31)!),
            (CivilDate(year: 2026, month: 12, day: 20)!, CivilDate(year: 2028, month: 1, day: 10)!),
            (CivilDate(year: 2027, month: 3, day: 28)!, CivilDate(year: 2027, month: 3, day: 28)!),
        ]
        for _ in 0..<12 {
            let first = start.adding(days: Int.random(in: 0..<500, using: &generator))
            ranges.append((first, first.adding(days: Int.random(in: 0..<120, using: &generator))))
        }
        return ranges
    }()

    @Test(arguments: [false, true])
    func aRangeFromTheKeptYearsIsTheSchedulersRange(withOverrides: Bool) {
        let overrides = withOverrides ? Self.overrides : []
        let source = ScheduleSource(configuration: Self.configuration, overrides: overrides, generation: 0)
        let scheduler = Scheduler(configuration: Self.configuration)
        let configuration = Self.configuration
        let forums: [String?] = [nil] + configuration.forums.map(\.id)
        let districts: [String?] = [nil] + configuration.districts.map(\.id)
        for (first, last) in Self.ranges {
            let expected = scheduler.schedule(from: first, through: last, overrides: overrides).occurrences
            #expect(!expected.isEmpty || first == last)
            for forum in forums {
                // Every forum with no district; a few with each district, their own and others.
                let withDistricts = forum == nil || configuration.forums.prefix(4).contains { $0.id == forum }
                for district in withDistricts ? districts : [nil] {
                    let found = source.schedule(from: first, through: last, forum: forum, district: district).occurrences
                    let wanted = expected.filter { occurrence in
                        if let forum, !occurrence.invited.contains(forum) { return false }
                        guard let district else { return true }
                        return occurrence.venue.flatMap(configuration.venue)?.district == district
                            || occurrence.invited.contains { configuration.forum($0)?.district == district }
                    }
                    #expect(found == wanted, "\(first)–\(last), forum \(forum ?? "any"), district \(district ?? "any")")
                }
            }
        }
    }
}
