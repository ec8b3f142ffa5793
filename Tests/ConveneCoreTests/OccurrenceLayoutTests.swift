import Testing

@testable import ConveneCore

/// A national year holds 53,091 occurrences (530,910 at 10×) and moves each when it is
/// put in order, so what one costs inline is kept small: what a series' meetings have
/// alike is held once per series.
@Suite struct OccurrenceLayoutTests {
    @Test func anOccurrenceIsAtMost128BytesInline() {
        #expect(MemoryLayout<Occurrence>.stride <= 128, "\(MemoryLayout<Occurrence>.stride) bytes")
    }

    @Test func occurrencesAreEqualWhetherOrNotTheyShareTheirSeriesFacts() {
        let start = ZoneRules.utc.zoned(instant: 1_800_000_000)
        func occurrence(_ facts: SeriesFacts) -> Occurrence {
            Occurrence(
                uid: "board-2027-01-12-1@example.org", facts: facts, ruleStart: start, start: start, end: start,
                venue: "hall", status: .scheduled, reason: nil)
        }
        let shared = SeriesFacts(series: "board", title: "Board", online: nil, invited: ["a", "b"])
        let alike = SeriesFacts(series: "board", title: "Board", online: nil, invited: ["a", "b"])
        let other = SeriesFacts(series: "board", title: "Board", online: nil, invited: ["a"])
        #expect(occurrence(shared) == occurrence(shared))
        #expect(occurrence(shared) == occurrence(alike))
        #expect(occurrence(shared).hashValue == occurrence(alike).hashValue)
        #expect(occurrence(shared) != occurrence(other))
        #expect(occurrence(other).invited == ["a"] && occurrence(other).series == "board")
    }
}
