import ConveneCore
import ConveneTestSupport

/// One recurrence set to expand on both sides of the differential test.
struct RecurrenceCase: Sendable, CustomStringConvertible {
    var id: Int
    var zone: String
    var start: LocalDateTime
    var rule: String?
    var additions: [LocalDateTime] = []
    var exclusions: [LocalDateTime] = []
    /// Instances are compared up to 1 January of this year in the zone.
    var endYear: Int
    var limit: Int

    var json: String {
        func list(_ values: [LocalDateTime]) -> String {
            "[" + values.map { "\"\($0.basicFormat)\"" }.joined(separator: ",") + "]"
        }
        return
            #"{"id":\#(id),"zone":"\#(zone)","dtstart":"\#(start.basicFormat)","rrule":"\#(rule ?? "")","rdate":\#(list(additions)),"exdate":\#(list(exclusions)),"end_year":\#(endYear),"limit":\#(limit)}"#
    }

    var description: String { json }
}

/// Seeded random recurrence sets that use every rule part in the combinations
/// RFC 5545 allows, plus a set aimed at daylight-saving changes.
struct RecurrenceCaseGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    static let zones = [
        ("Europe/London", 40), ("America/New_York", 30), ("UTC", 10), ("Australia/Sydney", 10), ("Asia/Kolkata", 10),
    ]

    mutating func randomCase(id: Int) -> RecurrenceCase {
        let frequency = random.weighted([
            (RecurrenceRule.Frequency.yearly, 15), (.monthly, 30), (.weekly, 20), (.daily, 15),
            (.hourly, 10), (.minutely, 8), (.secondly, 2),
        ])
        let start = randomStart(years: 1995...2060)
        var parts = ["FREQ=\(frequency.code)"]
        let interval = random.weighted([
            (1, 60), (Int.random(in: 2...4, using: &random), 30), (Int.random(in: 5...12, using: &random), 10),
        ])
        if interval > 1 || random.chance(0.1) { parts.append("INTERVAL=\(interval)") }
        let span = [RecurrenceRule.Frequency.yearly: 40, .monthly: 12, .weekly: 5, .daily: 3][frequency] ?? 1
        let endYear = start.date.year + span + 1
        switch random.weighted([(0, 40), (1, 35), (2, 25)]) {
        case 1: parts.append("COUNT=\(Int.random(in: 1...60, using: &random))")
        case 2: parts.append("UNTIL=" + randomUntil(after: start, years: span))
        default: break
        }
        var byParts: [String] = []
        let hasByMonth = random.chance(0.25)
        if hasByMonth { byParts.append("BYMONTH=" + list(1...3, from: Array(1...12))) }
        let hasWeekNo = frequency == .yearly && random.chance(0.25)
        if hasWeekNo {
            byParts.append("BYWEEKNO=" + list(1...3, from: [1, 2, 10, 26, 51, 52, 53, -1, -2, -52, -53] + Array(1...53)))
        }
        if [.yearly, .hourly, .minutely, .secondly].contains(frequency), random.chance(0.15) {
            byParts.append(
                "BYYEARDAY=" + list(1...3, from: [1, 59, 60, 100, 200, 365, 366, -1, -2, -306, -366] + Array(1...366)))
        }
        if frequency != .weekly, random.chance(0.25) {
            byParts.append("BYMONTHDAY=" + list(1...3, from: [1, 13, 15, 28, 29, 30, 31, -1, -2, -7, -31] + Array(1...31)))
        }
        if random.chance(0.45) {
            byParts.append(
                "BYDAY=" + byDay(frequency: frequency, withinMonth: frequency == .monthly || hasByMonth, weekNumbers: hasWeekNo))
        }
        let subDaily = frequency > .daily
        if random.chance(subDaily ? 0.35 : 0.2) { byParts.append("BYHOUR=" + list(1...3, from: Array(0...23))) }
        if random.chance(subDaily ? 0.35 : 0.2) {
            byParts.append("BYMINUTE=" + list(1...3, from: [0, 15, 30, 45] + Array(0...59)))
        }
        if random.chance(frequency == .secondly ? 0.4 : 0.08) {
            byParts.append("BYSECOND=" + list(1...2, from: [0, 30] + Array(0...59)))
        }
        if !byParts.isEmpty, random.chance(0.2) {
            byParts.append("BYSETPOS=" + list(1...2, from: [1, 2, 3, -1, -2, 5, -5, 10]))
        }
        if random.chance(0.2) { byParts.append("WKST=" + Weekday.allCases.randomElement(using: &random)!.code) }
        byParts.shuffle(using: &random)
        var test = RecurrenceCase(
            id: id, zone: random.weighted(Self.zones), start: start,
            rule: (parts + byParts).joined(separator: ";"), endYear: endYear,
            limit: subDaily ? 200 : 400)
        if random.chance(0.1) {
            test.additions = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                randomStart(years: start.date.year...start.date.year + span)
            }
        }
        if random.chance(0.15) {
            test.exclusions =
                [start]
                + (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    LocalDateTime(date: start.date.adding(days: Int.random(in: 1...400, using: &random)), time: start.time)
                }
        }
        return test
    }

    /// Rules whose instances fall on or around the days clocks change.
    mutating func daylightSavingCase(id: Int) -> RecurrenceCase {
        let zone = random.chance(0.5) ? "Europe/London" : "America/New_York"
        let year = Int.random(in: 2008...2045, using: &random)
        let spring = random.chance(0.5)
        let changeDay: CivilDate =
            zone == "Europe/London"
            ? CivilDate.nthWeekday(-1, .sunday, year: year, month: spring ? 3 : 10)!
            : CivilDate.nthWeekday(spring ? 2 : 1, .sunday, year: year, month: spring ? 3 : 11)!
        let daysBefore = random.weighted([(0, 50), (1, 20), (Int.random(in: 2...10, using: &random), 30)])
        let time = LocalTime(
            hour: random.weighted([(0, 20), (1, 35), (2, 30), (3, 15)]),
            minute: random.weighted([(0, 40), (30, 40), (Int.random(in: 0...59, using: &random), 20)]))!
        let start = LocalDateTime(date: changeDay.adding(days: -daysBefore), time: time)
        let frequency = random.weighted([
            (RecurrenceRule.Frequency.hourly, 30), (.minutely, 25), (.daily, 25), (.weekly, 10), (.yearly, 10),
        ])
        var parts = ["FREQ=\(frequency.code)"]
        switch frequency {
        case .minutely:
            parts.append("INTERVAL=\(random.weighted([(15, 30), (30, 30), (20, 10), (90, 10), (7, 20)]))")
        case .hourly:
            if random.chance(0.4) { parts.append("INTERVAL=\(Int.random(in: 2...5, using: &random))") }
        default:
            break
        }
        if random.chance(0.5) {
            // UNTIL in UTC shortly after the change: the last instance depends on the offset.
            let limitDay = changeDay.adding(days: Int.random(in: 0...3, using: &random))
            let limit = LocalDateTime(date: limitDay, time: LocalTime(hour: Int.random(in: 0...23, using: &random), minute: 0)!)
            parts.append("UNTIL=" + limit.basicFormat + "Z")
        } else {
            parts.append("COUNT=\(Int.random(in: 5...120, using: &random))")
        }
        if frequency == .daily, random.chance(0.4) { parts.append("BYHOUR=" + list(1...3, from: [0, 1, 2, 3])) }
        if frequency == .hourly, random.chance(0.3) { parts.append("BYMINUTE=0,30") }
        if frequency == .yearly {
            parts.append("BYMONTH=\(changeDay.month);BYDAY=\(zone == "Europe/London" ? "-1" : spring ? "2" : "1")SU")
        }
        var test = RecurrenceCase(
            id: id, zone: zone, start: start, rule: parts.joined(separator: ";"),
            endYear: year + (frequency == .yearly ? 10 : 1), limit: 300)
        if random.chance(0.2) {
            test.exclusions = [LocalDateTime(date: changeDay, time: time)]
        }
        return test
    }

    // MARK: Pieces

    private mutating func randomStart(years: ClosedRange<Int>) -> LocalDateTime {
        let year = Int.random(in: years, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...CivilDate.daysInMonth(year: year, month: month), using: &random)
        let hour = random.weighted([(10, 30), (19, 20), (Int.random(in: 0...23, using: &random), 50)])
        let minute = random.weighted([(0, 50), (30, 25), (Int.random(in: 0...59, using: &random), 25)])
        let second = random.chance(0.85) ? 0 : Int.random(in: 0...59, using: &random)
        return LocalDateTime(
            date: CivilDate(year: year, month: month, day: day)!,
            time: LocalTime(hour: hour, minute: minute, second: second)!)
    }

    private mutating func randomUntil(after start: LocalDateTime, years: Int) -> String {
        let days = Int.random(in: 0...(365 * years), using: &random)
        let date = start.date.adding(days: days)
        let time =
            random.chance(0.5)
            ? start.time
            : LocalTime(hour: Int.random(in: 0...23, using: &random), minute: Int.random(in: 0...59, using: &random))!
        let local = LocalDateTime(date: date, time: time)
        return random.chance(0.6) ? local.basicFormat + "Z" : local.basicFormat
    }

    private mutating func list(_ count: ClosedRange<Int>, from pool: [Int]) -> String {
        var picked: [Int] = []
        for _ in 0..<Int.random(in: count, using: &random) { picked.append(pool.randomElement(using: &random)!) }
        return picked.map(String.init).joined(separator: ",")
    }

    private mutating func byDay(frequency: RecurrenceRule.Frequency, withinMonth: Bool, weekNumbers: Bool) -> String {
        let ordinalsAllowed = frequency == .monthly || (frequency == .yearly && !weekNumbers)
        let top = withinMonth ? 5 : 53
        var entries: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let day = Weekday.allCases.randomElement(using: &random)!.code
            if ordinalsAllowed, random.chance(0.55) {
                let n = random.weighted([
                    (1, 20), (2, 20), (-1, 20), (Int.random(in: 3...top, using: &random), 20),
                    (-Int.random(in: 2...top, using: &random), 20),
                ])
                entries.append("\(n)\(day)")
            } else {
                entries.append(day)
            }
        }
        return entries.joined(separator: ",")
    }
}
