import ConveneCore
import ConveneTestSupport

/// A random but plausible configuration from a seed: a few districts, venues, forums
/// with and without set hours, series with every policy, school terms, closures and a
/// proclaimed bank holiday, so the scheduler's invariants meet many combinations.
struct RandomConfiguration {
    let builder: ConfigurationBuilder

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var builder = ConfigurationBuilder()
        let districtCount = Int.random(in: 1...3, using: &random)
        builder.districts = (0..<districtCount).map { District(id: "d\($0)", name: "District \($0)") }
        builder.venues = (0..<Int.random(in: 1...5, using: &random)).map { n in
            Venue(
                id: "v\(n)", name: "Venue \(n)", district: "d\(n % districtCount)",
                capacity: [12, 20, 30, 60][Int.random(in: 0...3, using: &random)], stepFree: random.chance(0.7))
        }
        let windows = [
            AvailabilityWindow(
                days: [.monday, .tuesday, .wednesday, .thursday], from: LocalTime("09:30")!, to: LocalTime("14:30")!),
            AvailabilityWindow(days: [.tuesday, .thursday], from: LocalTime("18:00")!, to: LocalTime("21:00")!),
            AvailabilityWindow(days: [.friday], from: LocalTime("09:00")!, to: LocalTime("12:00")!),
        ]
        builder.forums = (0..<Int.random(in: 2...8, using: &random)).map { n in
            Forum(
                id: "f\(n)", name: "Forum \(n)", district: "d\(n % districtCount)", contacts: [],
                availability: random.chance(0.3) ? [] : windows.filter { _ in random.chance(0.5) })
        }
        let rules = [
            "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1TH", "FREQ=MONTHLY;BYDAY=1WE", "FREQ=WEEKLY;BYDAY=MO",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "FREQ=MONTHLY;BYDAY=3MO", "FREQ=DAILY;INTERVAL=9",
        ]
        builder.series = (0..<Int.random(in: 2...9, using: &random)).map { n in
            let forums = builder.forums.map(\.id).filter { _ in random.chance(0.5) }
            let online = random.chance(0.15)
            return ConfigurationBuilder.series(
                "s\(n)", rules.randomElement(using: &random)!,
                start: "2026-12-\(10 + n)T\(Int.random(in: 10...18, using: &random)):\(random.chance(0.5) ? "00" : "30"):00",
                minutes: [60, 90, 120, 180][Int.random(in: 0...3, using: &random)],
                venue: online ? nil : builder.venues.randomElement(using: &random)!.id,
                online: online ? "https://meet.example.org/s\(n)" : nil,
                invited: forums.isEmpty ? [builder.forums[0].id] : forums,
                priority: Int.random(in: 0...100, using: &random),
                onClosed: ClosedDayPolicy.allCases.randomElement(using: &random)!,
                maxMoveDays: Int.random(in: 0...10, using: &random), sameMonth: random.chance(0.6),
                termTimeOnly: random.chance(0.4), attendance: random.chance(0.2) ? Int.random(in: 5...70, using: &random) : nil)
        }.map(Self.startingOnARuleDate)
        builder.terms = TermCalendar(terms: [
            .init(
                name: "Spring 2027", start: .on("2027-01-05"), end: .on("2027-03-25"),
                halfTerm: .on("2027-02-15")...(.on("2027-02-19"))),
            .init(
                name: "Summer 2027", start: .on("2027-04-12"), end: .on("2027-07-21"),
                halfTerm: .on("2027-05-31")...(.on("2027-06-04"))),
            .init(
                name: "Autumn 2027", start: .on("2027-09-02"), end: .on("2027-12-17"),
                halfTerm: .on("2027-10-25")...(.on("2027-10-29"))),
        ])
        builder.closures = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            let from = CivilDate.on("2027-01-01").adding(days: Int.random(in: 0...360, using: &random))
            let venue = random.chance(0.5) ? builder.venues.randomElement(using: &random)!.id : nil
            return Closure(
                from: from, to: from.adding(days: Int.random(in: 0...6, using: &random)), reason: "Closed", venue: venue)
        }
        if random.chance(0.5) {
            builder.proclaimed = [
                ProclaimedBankHoliday(
                    date: CivilDate.on("2027-01-04").adding(days: Int.random(in: 0...350, using: &random)),
                    name: "Proclaimed holiday")
            ]
        }
        builder.travelGap = ISODuration(seconds: [0, 30, 45, 60][Int.random(in: 0...3, using: &random)] * 60)
        self.builder = builder
    }

    /// The series with DTSTART moved onto the rule's first date, so no meeting is a
    /// DTSTART-only extra.
    static func startingOnARuleDate(_ series: MeetingSeries) -> MeetingSeries {
        let probe = Recurrence(
            start: LocalDateTime(date: series.recurrence.start.date.adding(days: -1), time: series.startTime),
            rule: series.recurrence.rule)
        var instances = probe.occurrences(in: .utc).makeIterator()
        _ = instances.next()
        let first = instances.next()!.local
        return MeetingSeries(
            id: series.id, title: series.title, recurrence: Recurrence(start: first, rule: series.recurrence.rule),
            duration: series.duration, venue: series.venue, online: series.online, invited: series.invited,
            priority: series.priority, onClosed: series.onClosed, maxMoveDays: series.maxMoveDays, sameMonth: series.sameMonth,
            termTimeOnly: series.termTimeOnly, attendance: series.attendance)
    }

    /// The same configuration with every list in another order, as if its files had
    /// been read in another order.
    func shuffled(seed: UInt64) -> Configuration {
        var random = SeededGenerator(seed: seed)
        var copy = builder
        copy.venues.shuffle(using: &random)
        copy.forums.shuffle(using: &random)
        copy.series.shuffle(using: &random)
        copy.closures.shuffle(using: &random)
        copy.districts.shuffle(using: &random)
        return copy.build()
    }
}

extension RandomConfiguration {
    /// Three random configurations side by side in one (ids prefixed), so there are
    /// series that share nothing, and random coordinators' decisions: cancellations, and
    /// moves to another day, some at another time, some to another configuration's venue.
    static func sideBySide(seed: UInt64) -> (Configuration, [Override]) {
        var random = SeededGenerator(seed: seed)
        var builder = RandomConfiguration(seed: seed).builder.prefixed("a-")
        for (index, prefix) in ["b-", "c-"].enumerated() {
            let other = RandomConfiguration(seed: seed &+ UInt64(index + 1) &* 0x9E37_79B9).builder.prefixed(prefix)
            builder.districts += other.districts
            builder.venues += other.venues
            builder.forums += other.forums
            builder.series += other.series
            builder.closures += other.closures
        }
        let configuration = builder.build()
        var overrides: [Override] = []
        for occurrence in Scheduler(configuration: configuration).placed(year: 2027, overrides: []) where random.chance(0.04) {
            if random.chance(0.3) {
                overrides.append(Override(uid: occurrence.uid, action: .cancel, reason: "Called off"))
                continue
            }
            let time =
                random.chance(0.5)
                ? occurrence.ruleStart.local.time : LocalTime(hour: Int.random(in: 9...19, using: &random), minute: 15)!
            let to = LocalDateTime(
                date: occurrence.ruleStart.local.date.adding(days: Int.random(in: -3...3, using: &random)), time: time)
            let venue = random.chance(0.5) ? builder.venues.randomElement(using: &random)!.id : nil
            overrides.append(Override(uid: occurrence.uid, action: .move(to: to, venue: venue), reason: "Asked for"))
        }
        return (configuration, overrides)
    }
}

extension ConfigurationBuilder {
    /// The same configuration with every id (and every title and name) prefixed, so that
    /// several can stand side by side in one.
    func prefixed(_ prefix: String) -> ConfigurationBuilder {
        var copy = self
        copy.districts = districts.map { District(id: prefix + $0.id, name: prefix + $0.name) }
        copy.venues = venues.map {
            Venue(
                id: prefix + $0.id, name: prefix + $0.name, district: prefix + $0.district, capacity: $0.capacity,
                stepFree: $0.stepFree)
        }
        copy.forums = forums.map {
            Forum(
                id: prefix + $0.id, name: prefix + $0.name, district: prefix + $0.district, contacts: $0.contacts,
                availability: $0.availability)
        }
        copy.series = series.map {
            MeetingSeries(
                id: prefix + $0.id, title: prefix + $0.title, recurrence: $0.recurrence, duration: $0.duration,
                venue: $0.venue.map { prefix + $0 }, online: $0.online, invited: $0.invited.map { prefix + $0 },
                priority: $0.priority, onClosed: $0.onClosed, maxMoveDays: $0.maxMoveDays, sameMonth: $0.sameMonth,
                termTimeOnly: $0.termTimeOnly, attendance: $0.attendance)
        }
        copy.closures = closures.map { Closure(from: $0.from, to: $0.to, reason: $0.reason, venue: $0.venue.map { prefix + $0 }) }
        return copy
    }
}
