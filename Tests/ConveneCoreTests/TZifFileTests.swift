import Testing

@testable import ConveneCore

/// The TZif reader and the POSIX TZ rule on bytes made for the purpose: broken files
/// refused with their reason, and the odd corners of the format read as RFC 8536 says.
@Suite struct TZifFileTests {
    /// Seconds since the epoch of a UTC wall time.
    static func utc(_ text: String) -> Int { LocalDateTime(text)!.wallSeconds }

    static func refusal(_ bytes: [UInt8]) -> TZifError? {
        do {
            _ = try TZifFile(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    /// A zone like London's: local mean time, then GMT, with a footer.
    static func londonLike(footer: String?) -> CraftedZoneFile {
        var file = CraftedZoneFile()
        file.types = [(-75, false, 0), (0, false, 4), (3600, true, 8)]
        file.abbreviations = "LMT\0GMT\0BST\0"
        file.transitions = [(utc("1847-12-01T00:01:15"), 1), (utc("1990-03-25T01:00:00"), 2), (utc("1990-10-28T01:00:00"), 1)]
        file.footer = footer
        return file
    }

    @Test func aTruncatedHeaderIsRefused() {
        #expect(Self.refusal(Array("TZif2".utf8) + [0, 0, 0]) == .truncated(needed: 44, available: 8))
        #expect(Self.refusal([]) == .truncated(needed: 44, available: 0))
    }

    @Test func aFileWithoutTheMagicIsRefused() {
        var bytes = CraftedZoneFile().bytes
        bytes[3] = UInt8(ascii: "g")
        #expect(Self.refusal(bytes) == .badMagic)
        #expect(Self.refusal(Array(String(repeating: "#", count: 100).utf8)) == .badMagic)
    }

    @Test func anUnknownVersionIsRefused() {
        var file = CraftedZoneFile()
        file.version = UInt8(ascii: "5")
        #expect(Self.refusal(file.bytes) == .unsupportedVersion(UInt8(ascii: "5")))
    }

    @Test func hugeCountsAreRefusedBeforeAnythingIsRead() {
        var bytes = CraftedZoneFile().bytes
        // The first header's transition count, then its type count.
        bytes.replaceSubrange(32..<36, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Self.refusal(bytes) == .countTooLarge(field: "transition", count: 0xFFFF_FFFF, limit: 10_000))
        bytes = CraftedZoneFile().bytes
        bytes.replaceSubrange(36..<40, with: [0, 0, 1, 1])
        #expect(Self.refusal(bytes) == .countTooLarge(field: "local time type", count: 257, limit: 256))
    }

    @Test func countsBeyondTheBytesAreRefused() {
        var bytes = CraftedZoneFile().bytes
        // 5,000 transitions promised in the 64-bit block, none there.
        let secondHeader = 44 + 7
        bytes.replaceSubrange((secondHeader + 32)..<(secondHeader + 36), with: [0, 0, 0x13, 0x88])
        guard case .truncated = Self.refusal(bytes) else {
            Issue.record("expected a truncation, got \(String(describing: Self.refusal(bytes)))")
            return
        }
    }

    @Test func brokenDataIsRefusedWithItsReason() {
        var file = Self.londonLike(footer: "GMT0")
        file.transitions[2].instant = file.transitions[1].instant
        #expect(Self.refusal(file.bytes) == .transitionsOutOfOrder(index: 2))

        file = Self.londonLike(footer: "GMT0")
        file.transitions[1].type = 3
        #expect(Self.refusal(file.bytes) == .typeOutOfRange(transition: 1, type: 3))

        file = Self.londonLike(footer: "GMT0")
        file.types[2].offset = 100_000
        #expect(Self.refusal(file.bytes) == .offsetOutOfRange(type: 2, offset: 100_000))

        file = Self.londonLike(footer: "GMT0")
        file.types[2].abbreviation = 200
        #expect(Self.refusal(file.bytes) == .invalidType(2, "its abbreviation index is past the abbreviations"))

        file = Self.londonLike(footer: "GMT0")
        file.types = []
        file.transitions = []
        #expect(Self.refusal(file.bytes) == .invalidCount("a file needs at least one local time type"))

        file = Self.londonLike(footer: nil)
        #expect(Self.refusal(file.bytes) == .missingFooter)

        file = Self.londonLike(footer: String(repeating: "A", count: 300))
        #expect(Self.refusal(file.bytes) == .footerTooLong(limit: 255))

        var bytes = Self.londonLike(footer: "GMT0").bytes
        bytes.removeLast()
        #expect(Self.refusal(bytes) == .missingFooter)
    }

    @Test func aFileThatCountsLeapSecondsIsNotAZone() {
        var file = Self.londonLike(footer: "GMT0")
        file.leapSeconds = 2
        #expect(throws: TZifError.countsLeapSeconds) { try ZoneRules(identifier: "x", zoneInfo: file.bytes) }
    }

    @Test func aVersionOneFileKeepsItsLastTypeForEver() throws {
        var file = Self.londonLike(footer: nil)
        file.version = 0
        // Version 1 times are 32-bit: nothing before December 1901.
        file.transitions[0].instant = Self.utc("1902-01-01T00:00:00")
        let parsed = try TZifFile(bytes: file.bytes)
        #expect(parsed.version == 1)
        #expect(parsed.rule == nil)
        #expect(parsed.types.map(\.abbreviation) == ["LMT", "GMT", "BST"])
        let zone = try ZoneRules(identifier: "Test/One", zoneInfo: file.bytes)
        #expect(zone.initialOffset == -75)
        #expect(zone.instants == file.transitions.map(\.instant))
        #expect(zone.offsets == [0, 3600, 0])
        #expect(zone.offset(atInstant: Self.utc("2300-07-01T00:00:00")) == 0)
    }

    @Test func anEmptyFooterKeepsTheLastType() throws {
        let file = Self.londonLike(footer: "")
        #expect(try TZifFile(bytes: file.bytes).rule == nil)
        let zone = try ZoneRules(identifier: "Test/Empty", zoneInfo: file.bytes)
        #expect(zone.instants.count == 3)
        #expect(zone.offset(atInstant: Self.utc("2200-07-01T00:00:00")) == 0)
    }

    @Test func aFooterWithoutDaylightSavingTimeAddsNoTransitions() throws {
        var file = Self.londonLike(footer: "<+03>-3")
        file.types[1].offset = 10_800
        let rule = try #require(try TZifFile(bytes: file.bytes).rule)
        #expect(rule == PosixTimeZoneRule(standardOffset: 10_800, daylightSaving: nil))
        let zone = try ZoneRules(identifier: "Test/Plus3", zoneInfo: file.bytes)
        #expect(zone.instants.count == 3)
        #expect(zone.offset(atInstant: Self.utc("2400-01-01T00:00:00")) == 10_800)
    }

    @Test func aFooterRuleCarriesTheTransitionsOnTo2500() throws {
        let zone = try ZoneRules(identifier: "Test/London", zoneInfo: Self.londonLike(footer: "GMT0BST,M3.5.0/1,M10.5.0").bytes)
        // 1991 to 2499: two changes a year after the file's own three.
        #expect(zone.instants.count == 3 + 2 * (2499 - 1991 + 1))
        let in2027 = zone.transitions(from: Self.utc("2027-01-01T00:00:00"), to: Self.utc("2028-01-01T00:00:00"))
        #expect(in2027.map(\.instant) == [Self.utc("2027-03-28T01:00:00"), Self.utc("2027-10-31T01:00:00")])
        #expect(zone.transitions(from: Self.utc("2499-06-01T00:00:00"), to: ZoneRules.tableEnd).count == 1)
    }

    @Test func julianDaysNeverCountTheLeapDayButZeroBasedDaysDo() throws {
        // J60 is 1 March in every year; day 59 (counted from 0) is 1 March only when February has 28 days.
        let julian = try ZoneRules(identifier: "Test/J", zoneInfo: Self.londonLike(footer: "GMT0BST,J60/2,J305/2").bytes)
        let zeroBased = try ZoneRules(identifier: "Test/N", zoneInfo: Self.londonLike(footer: "GMT0BST,59/2,304/2").bytes)
        for (year, zeroBasedDay) in [(2027, "2027-03-01"), (2028, "2028-02-29")] {
            let from = Self.utc("\(year)-01-01T00:00:00")
            let to = Self.utc("\(year + 1)-01-01T00:00:00")
            #expect(julian.transitions(from: from, to: to).first?.instant == Self.utc("\(year)-03-01T02:00:00"))
            #expect(zeroBased.transitions(from: from, to: to).first?.instant == Self.utc("\(zeroBasedDay)T02:00:00"))
        }
        // J305 is 1 November either way; its 02:00 is on the summer clock.
        let autumn = julian.transitions(from: Self.utc("2028-10-01T00:00:00"), to: Self.utc("2029-01-01T00:00:00"))
        #expect(autumn.map(\.instant) == [Self.utc("2028-11-01T01:00:00")])
    }

    @Test func version3TimesMayBeNegativeOrBeyondADay() throws {
        // Greenland's rule since 2023: changes at -01:00 and 00:00 local, i.e. 01:00 UTC.
        let nuuk = try ZoneRules(
            identifier: "Test/Nuuk", zoneInfo: Self.londonLike(footer: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0").bytes)
        let in2027 = nuuk.transitions(from: Self.utc("2027-01-01T00:00:00"), to: Self.utc("2028-01-01T00:00:00"))
        #expect(in2027.map(\.instant) == [Self.utc("2027-03-28T01:00:00"), Self.utc("2027-10-31T01:00:00")])
        #expect(in2027.map(\.offsetAfter) == [-3600, -7200])
    }

    @Test func daylightSavingTimeAllYearMakesNoTransitions() throws {
        // RFC 8536 §3.3.1: from 1 January 00:00 to 31 December 25:00 is all year.
        let zone = try ZoneRules(identifier: "Test/AllYear", zoneInfo: Self.londonLike(footer: "EST5EDT,0/0,J365/25").bytes)
        let after = zone.transitions(from: Self.utc("1991-01-01T00:00:00"), to: ZoneRules.tableEnd)
        #expect(after.map(\.instant) == [Self.utc("1991-01-01T05:00:00")])
        #expect(after.map(\.offsetAfter) == [-14_400])
        #expect(zone.offset(atInstant: Self.utc("2300-12-31T12:00:00")) == -14_400)
    }

    @Test func negativeDaylightSavingTimeIsKept() throws {
        // Ireland: standard time is the summer's +01, "daylight saving" the winter's GMT.
        let zone = try ZoneRules(identifier: "Test/Dublin", zoneInfo: Self.londonLike(footer: "IST-1GMT0,M10.5.0,M3.5.0/1").bytes)
        #expect(zone.offset(atInstant: Self.utc("2030-07-01T00:00:00")) == 3600)
        #expect(zone.offset(atInstant: Self.utc("2030-12-01T00:00:00")) == 0)
        let in2030 = zone.transitions(from: Self.utc("2030-01-01T00:00:00"), to: Self.utc("2031-01-01T00:00:00"))
        #expect(in2030.map(\.instant) == [Self.utc("2030-03-31T01:00:00"), Self.utc("2030-10-27T01:00:00")])
    }

    @Test(arguments: [
        ("GMT0BST,M3.5.0/1,M10.5.0", true),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", true),
        ("EST5EDT", true),
        ("<-03>3", true),
        ("GM0", false),
        ("GMT", false),
        ("GMT0BST,M13.5.0,M10.5.0", false),
        ("GMT0BST,M3.6.0,M10.5.0", false),
        ("GMT0BST,M3.5.7,M10.5.0", false),
        ("GMT0BST,J0,J365", false),
        ("GMT0BST,366,J365", false),
        ("GMT0BST,M3.5.0/168,M10.5.0", false),
        ("GMT25", false),
        ("GMT0BST,M3.5.0", false),
        ("GMT0BST,M3.5.0,M10.5.0,", false),
        ("<+03-3", false),
        ("GMT0\u{7}", false),
    ])
    func posixRulesParseOrSayWhy(text: String, parses: Bool) {
        let result = Result { () throws(PosixTimeZoneRuleError) in try PosixTimeZoneRule(Array(text.utf8)) }
        switch result {
        case .success: #expect(parses)
        case .failure(let error): #expect(!parses, "\(error)")
        }
    }

    @Test func aPosixRuleReadsItsParts() throws {
        let rule = try PosixTimeZoneRule(Array("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0/3:15:30".utf8))
        #expect(rule.standardOffset == 37_800)
        #expect(rule.daylightSaving?.offset == 39_600)
        #expect(rule.daylightSaving?.start == .init(day: .weekdayOfMonth(month: 10, week: 1, weekday: 0), time: 7200))
        #expect(rule.daylightSaving?.end == .init(day: .weekdayOfMonth(month: 4, week: 1, weekday: 0), time: 11_730))
        let error = #expect(throws: PosixTimeZoneRuleError.self) { try PosixTimeZoneRule(Array("GMT0BST,M13.5.0,M10.5.0".utf8)) }
        #expect(error?.reason == "the month 13 is outside 1–12 (at byte 11)")
    }

    /// A rule's week that is not the last ("the second Sunday of March"): New York's
    /// changes in 2027 are on 14 March at 02:00 EST and 7 November at 02:00 EDT.
    @Test func aPosixRuleFindsTheNthWeekdayOfTheMonth() throws {
        let rule = try PosixTimeZoneRule(Array("EST5EDT,M3.2.0,M11.1.0".utf8))
        let changes = try #require(rule.changes(inYear: 2027))
        #expect(changes.start.instant == LocalDateTime("2027-03-14T07:00:00")!.wallSeconds)
        #expect(changes.start.offset == -14_400)
        #expect(changes.end.instant == LocalDateTime("2027-11-07T06:00:00")!.wallSeconds)
        #expect(changes.end.offset == -18_000)
    }
}
