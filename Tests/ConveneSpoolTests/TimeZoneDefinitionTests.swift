import ConveneCore
import Testing

@testable import ConveneSpool

/// VTIMEZONE components from `ZoneRules`: the observances that cover a year, with the
/// right offsets either side of each change.
@Suite struct TimeZoneDefinitionTests {
    let london = ZoneRules(identifier: "Europe/London")!

    private func text(_ definition: TimeZoneDefinition) -> String { definition.lines.map(\.folded).joined() }

    private func instant(_ utc: String) -> Int { ZoneRules.utc.resolve(LocalDateTime(utc)!).instant }

    @Test func londonChangesAtOneInTheMorningUTCOnTheLastSundaysOfMarchAndOctober() {
        let transitions = london.transitions(from: instant("2027-01-01T00:00"), to: instant("2028-01-01T00:00"))
        #expect(
            transitions == [
                ZoneRules.Transition(instant: instant("2027-03-28T01:00"), offsetBefore: 0, offsetAfter: 3600),
                ZoneRules.Transition(instant: instant("2027-10-31T01:00"), offsetBefore: 3600, offsetAfter: 0),
            ])
        #expect(transitions.map(\.wallTimeBefore.description) == ["2027-03-28T01:00:00", "2027-10-31T02:00:00"])
    }

    @Test func aTransitionExactlyAtEitherEndOfTheRangeIsCountedOnceAtTheStart() {
        let change = instant("2027-03-28T01:00")
        #expect(london.transitions(from: change, to: change + 1).map(\.instant) == [change])
        #expect(london.transitions(from: change - 3600, to: change).isEmpty)
        #expect(london.transitions(from: change + 1, to: change + 7200).isEmpty)
    }

    @Test func londonIn2027HasTheAutumn2026ChangeThenSpringAndAutumn() {
        #expect(
            text(TimeZoneDefinition(zone: london, years: 2027...2027)) == """
                BEGIN:VTIMEZONE\r
                TZID:Europe/London\r
                BEGIN:STANDARD\r
                DTSTART:20261025T020000\r
                TZOFFSETFROM:+0100\r
                TZOFFSETTO:+0000\r
                END:STANDARD\r
                BEGIN:DAYLIGHT\r
                DTSTART:20270328T010000\r
                TZOFFSETFROM:+0000\r
                TZOFFSETTO:+0100\r
                END:DAYLIGHT\r
                BEGIN:STANDARD\r
                DTSTART:20271031T020000\r
                TZOFFSETFROM:+0100\r
                TZOFFSETTO:+0000\r
                END:STANDARD\r
                END:VTIMEZONE\r\n
                """)
    }

    /// What a calendar does with the definition: the offset of the latest onset at or
    /// before a wall time. It must agree with `ZoneRules` all year round.
    @Test(arguments: [
        "2027-01-01T00:00", "2027-03-09T10:00", "2027-03-28T00:59", "2027-03-28T02:00", "2027-07-01T12:00",
        "2027-10-31T00:30", "2027-10-31T02:00", "2027-12-31T23:59",
    ])
    func everyWallTimeOfTheYearGetsTheZonesOffset(_ wall: String) {
        let local = LocalDateTime(wall)!
        let onsets = TimeZoneDefinition(zone: london, years: 2027...2027).transitions
        let latest = onsets.last { $0.wallTimeBefore <= local }
        #expect(latest?.offsetAfter == london.resolve(local).offset)
    }

    @Test func aMeetingOverNewYearCoversBothYears() {
        let onsets = TimeZoneDefinition(zone: london, years: 2027...2028).transitions.map(\.wallTimeBefore.description)
        #expect(
            onsets == [
                "2026-10-25T02:00:00", "2027-03-28T01:00:00", "2027-10-31T02:00:00",
                "2028-03-26T01:00:00", "2028-10-29T02:00:00",
            ])
    }

    @Test func theSouthernSummerStartsTheYearInDaylightTime() {
        let sydney = ZoneRules(identifier: "Australia/Sydney")!
        let lines = TimeZoneDefinition(zone: sydney, years: 2027...2027).lines.map(\.folded)
        let kinds = lines.filter { $0.hasPrefix("BEGIN:") }.map { $0.dropFirst(6).dropLast() }  // CRLF is one Character
        #expect(kinds == ["VTIMEZONE", "DAYLIGHT", "STANDARD", "DAYLIGHT"])
        #expect(lines.contains("TZOFFSETTO:+1100\r\n") && lines.contains("TZOFFSETTO:+1000\r\n"))
    }

    @Test(arguments: [("UTC", "+0000"), ("Asia/Tokyo", "+0900"), ("Asia/Kolkata", "+0530")])
    func aZoneWithoutChangesHasOneStandardObservance(_ identifier: String, _ offset: String) {
        let zone = ZoneRules(identifier: identifier)!
        #expect(
            text(TimeZoneDefinition(zone: zone, years: 2027...2027)) == """
                BEGIN:VTIMEZONE\r
                TZID:\(identifier)\r
                BEGIN:STANDARD\r
                DTSTART:20270101T000000\r
                TZOFFSETFROM:\(offset)\r
                TZOFFSETTO:\(offset)\r
                END:STANDARD\r
                END:VTIMEZONE\r\n
                """)
    }

    @Test(arguments: [(0, "+0000"), (3600, "+0100"), (-18_000, "-0500"), (19_800, "+0530"), (-75, "-000115")])
    func offsetsAreWrittenAsRFC5545Says(_ seconds: Int, _ text: String) {
        #expect(TimeZoneDefinition.utcOffset(seconds) == text)
    }
}
