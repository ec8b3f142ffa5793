import ConveneCore

/// The VTIMEZONE a calendar needs to read DTSTART and DTEND with a TZID (RFC 5545
/// §3.6.5), built from the same `ZoneRules` the scheduler used.
///
/// Each offset change is written as its own STANDARD or DAYLIGHT observance with an
/// explicit DTSTART rather than an RRULE: exact for any zone, including ones whose rules
/// changed, and for a few years no longer than the rule would be. The observances cover
/// whole calendar years, starting with the change in force on 1 January, so every time
/// in those years has an onset before it.
struct TimeZoneDefinition: Sendable {
    let zone: ZoneRules
    /// The calendar years (on the zone's wall clock) whose times must be readable.
    let years: ClosedRange<Int>

    /// How far back to look for the observance in force on 1 January: over a year, so
    /// any zone with yearly changes has one.
    private static let lookBack = 400 * 86_400

    /// The observances, in order: the one in force when the years begin, then every
    /// change within them.
    var transitions: [ZoneRules.Transition] {
        let from = zone.resolve(TimeZoneDefinition.newYear(years.lowerBound)).instant
        let to = zone.resolve(TimeZoneDefinition.newYear(years.upperBound + 1)).instant
        let inForce = zone.transitions(from: from - TimeZoneDefinition.lookBack, to: from).last
        return (inForce.map { [$0] } ?? []) + zone.transitions(from: from, to: to)
    }

    var lines: [ContentLine] {
        var lines = [ContentLine("BEGIN", "VTIMEZONE"), ContentLine("TZID", zone.identifier)]
        let transitions = self.transitions
        guard !transitions.isEmpty else {
            // A fixed offset in these years (UTC, or a zone without summer time): one
            // observance from the first year's start says it all.
            let onset = TimeZoneDefinition.newYear(years.lowerBound)
            let offset = zone.resolve(onset).offset
            return lines + observance("STANDARD", onset: onset, from: offset, to: offset) + [ContentLine("END", "VTIMEZONE")]
        }
        for transition in transitions {
            // Clocks going forward start summer time in every zone a council is in;
            // RFC 5545 needs the distinction only to name the component.
            let kind = transition.offsetAfter > transition.offsetBefore ? "DAYLIGHT" : "STANDARD"
            lines += observance(kind, onset: transition.wallTimeBefore, from: transition.offsetBefore, to: transition.offsetAfter)
        }
        return lines + [ContentLine("END", "VTIMEZONE")]
    }

    /// Appends the VTIMEZONE, folded, to `out`.
    func write(to out: inout [UInt8]) {
        for line in lines { line.write(to: &out) }
    }

    /// Midnight on 1 January of `year`, on the wall clock.
    private static func newYear(_ year: Int) -> LocalDateTime {
        LocalDateTime(date: CivilDate(year: year, month: 1, day: 1)!, time: .midnight)
    }

    private func observance(_ kind: String, onset: LocalDateTime, from: Int, to: Int) -> [ContentLine] {
        [
            ContentLine("BEGIN", kind),
            // The onset is read on the clock before the change (TZOFFSETFROM), §3.8.2.4.
            ContentLine("DTSTART", onset.basicFormat),
            ContentLine("TZOFFSETFROM", TimeZoneDefinition.utcOffset(from)),
            ContentLine("TZOFFSETTO", TimeZoneDefinition.utcOffset(to)),
            ContentLine("END", kind),
        ]
    }

    /// RFC 5545 §3.3.14: `+0100`, `-0500`, `+0530`; seconds only when there are some
    /// (local mean time); never `-0000`.
    static func utcOffset(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        var text = (seconds < 0 ? "-" : "+") + pad(magnitude / 3600) + pad(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += pad(magnitude % 60) }
        return text
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
