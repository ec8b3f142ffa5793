import Foundation
import Testing

@testable import ConveneCore

/// The tables built from the system's zone files against the ones Foundation (ICU's
/// bundled tz data) gives, zone by zone over 1800–2500.
@Suite struct ZoneInfoTests {
    /// Zones that must agree exactly, whatever the versions, but for the changes listed
    /// in `changedBetweenVersions`: the daemon's own zone, a negative daylight saving
    /// time, a 30-minute one, a zone that skipped a day, a half-hour offset, and UTC.
    static let mustMatch = [
        "Europe/London", "Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata", "UTC",
    ]

    /// Zones Debian's tzdata builds from the `backzone` file (PACKRATDATA=backzone,
    /// PACKRATLIST=zone.tab), each with its own history before 1970. The default build,
    /// which ICU's data follows, makes each a link to another zone (Africa/Bamako to
    /// Africa/Abidjan), so the two differ before 1970 and must agree from then on.
    static let backzone: Set<String> = [
        "Africa/Accra", "Africa/Addis_Ababa", "Africa/Asmara", "Africa/Bamako", "Africa/Bangui", "Africa/Banjul",
        "Africa/Blantyre", "Africa/Brazzaville", "Africa/Bujumbura", "Africa/Conakry", "Africa/Dakar", "Africa/Dar_es_Salaam",
        "Africa/Djibouti", "Africa/Douala", "Africa/Freetown", "Africa/Gaborone", "Africa/Harare", "Africa/Kampala",
        "Africa/Kigali", "Africa/Kinshasa", "Africa/Libreville", "Africa/Lome", "Africa/Luanda", "Africa/Lubumbashi",
        "Africa/Lusaka", "Africa/Malabo", "Africa/Maseru", "Africa/Mbabane", "Africa/Mogadishu", "Africa/Niamey",
        "Africa/Nouakchott", "Africa/Ouagadougou", "Africa/Porto-Novo", "America/Anguilla", "America/Antigua", "America/Aruba",
        "America/Atikokan", "America/Blanc-Sablon", "America/Cayman", "America/Creston", "America/Curacao", "America/Dominica",
        "America/Grenada", "America/Guadeloupe", "America/Montserrat", "America/Nassau", "America/Port_of_Spain",
        "America/St_Kitts", "America/St_Lucia", "America/St_Thomas", "America/St_Vincent", "America/Tortola",
        "Antarctica/DumontDUrville", "Antarctica/McMurdo", "Antarctica/Syowa", "Asia/Aden", "Asia/Bahrain", "Asia/Brunei",
        "Asia/Kuala_Lumpur", "Asia/Kuwait", "Asia/Muscat", "Asia/Phnom_Penh", "Asia/Vientiane", "Atlantic/Reykjavik",
        "Atlantic/St_Helena", "Europe/Amsterdam", "Europe/Copenhagen", "Europe/Guernsey", "Europe/Isle_of_Man",
        "Europe/Jersey", "Europe/Ljubljana", "Europe/Luxembourg", "Europe/Monaco", "Europe/Oslo", "Europe/Sarajevo",
        "Europe/Skopje", "Europe/Stockholm", "Europe/Vaduz", "Europe/Zagreb", "Indian/Antananarivo", "Indian/Christmas",
        "Indian/Cocos", "Indian/Comoro", "Indian/Kerguelen", "Indian/Mahe", "Indian/Mayotte", "Indian/Reunion",
        "Pacific/Chuuk", "Pacific/Funafuti", "Pacific/Majuro", "Pacific/Midway", "Pacific/Pohnpei", "Pacific/Saipan",
        "Pacific/Wake", "Pacific/Wallis",
    ]

    /// Changes between ICU's tz data (2025b) and the system's (2026f): the years over
    /// which the two tables may differ, and what the system's data says.
    static let changedBetweenVersions: [String: (years: ClosedRange<Int>, change: String)] = {
        var changes: [String: (years: ClosedRange<Int>, change: String)] = [
            "Africa/Casablanca": (2026...2499, "Morocco stays at +00 from 2026-09-20 (ICU: +01, +00 in Ramadan to 2087)"),
            "Africa/El_Aaiun": (2026...2499, "Western Sahara stays at +00 from 2026-09-20 (ICU: +01, +00 in Ramadan to 2087)"),
            "America/Edmonton": (2026...2499, "Alberta stays at -06 from 2026-11-01 (ICU: -07/-06 yearly)"),
            "America/Yellowknife": (2026...2499, "a link to America/Edmonton: -06 from 2026-11-01"),
            "America/Inuvik": (2026...2499, "the Northwest Territories stay at -06 from 2026-11-01 (ICU: -07/-06 yearly)"),
            "America/Vancouver": (2026...2499, "British Columbia stays at -07 from 2026-11-01 (ICU: -08/-07 yearly)"),
            "America/Winnipeg": (2026...2499, "Manitoba stays at -05 from 2026-11-01 (ICU: -06/-05 yearly)"),
            "America/Rainy_River": (2026...2499, "a link to America/Winnipeg: -05 from 2026-11-01"),
            "America/Havana": (2026...2027, "Cuba keeps daylight saving time from 2026-03-08 to 2027-11-07"),
            "Europe/Chisinau": (2022...2499, "Moldova changes at 01:00 UTC, with the EU, since 2022 (ICU: 00:00 UTC)"),
            "America/Tijuana": (1953...1975, "Baja California kept daylight saving time in 1953 and 1961–1975"),
            "America/Santa_Isabel": (1953...1975, "a link to America/Tijuana: daylight saving time in 1953 and 1961–1975"),
            "America/Bogota": (1992...1992, "Colombia's 1992 daylight saving time started on 2 May (ICU: 3 May)"),
            "Asia/Tehran": (1979...1979, "Iran's 1979 daylight saving time started a day earlier, on 26 May local time"),
            "Europe/Dublin": (1925...1925, "Ireland's 1925 summer time ended on 20 September (ICU: 4 October, as Britain's)"),
        ]
        for city in [
            "Araguaina", "Bahia", "Belem", "Boa_Vista", "Campo_Grande", "Cuiaba", "Eirunepe", "Fortaleza", "Maceio", "Manaus",
            "Noronha", "Porto_Velho", "Recife", "Rio_Branco", "Santarem", "Sao_Paulo",
        ] {
            changes["America/" + city] = (
                1965...1966, "Brazil's 1965 daylight saving time ended at 24:00 on 31 March, 1966's at 01:00"
            )
        }
        return changes
    }()

    @Test(arguments: mustMatch)
    func theseZonesMatchFoundation(identifier: String) throws {
        let zone = try #require(ZoneRules(identifier: identifier))
        let oracle = try #require(FoundationZoneTable(identifier: identifier)).rules(identifier: identifier)
        guard let changed = Self.changedBetweenVersions[identifier] else {
            #expect(Self.difference(zone, oracle, years: 1800..<2500) == nil)
            let sameKeys = zone.wallKeys == oracle.wallKeys
            #expect(sameKeys, "the wall-time keys")
            #expect(zone.largestForwardJump == oracle.largestForwardJump)
            return
        }
        for years in Self.years(outside: changed.years) {
            #expect(Self.difference(zone, oracle, years: years) == nil, "\(changed.change)")
        }
    }

    @Test func dublinEndedSummerTime1925OnTheDateTheSystemsDataGives() throws {
        let dublin = try #require(ZoneRules(identifier: "Europe/Dublin"))
        let from = CivilDate.dayNumber(year: 1925, month: 1, day: 1) * 86_400
        let to = CivilDate.dayNumber(year: 1926, month: 1, day: 1) * 86_400
        #expect(
            dublin.transitions(from: from, to: to).map(Self.describe) == [
                "1925-04-19T02:00:00Z 0→3600", "1925-09-20T02:00:00Z 3600→0",
            ])
        // Irish Standard Time in summer, GMT as the "daylight saving" time in winter.
        #expect(dublin.offset(atInstant: 1_784_000_000) == 3600)
        #expect(dublin.offset(atInstant: 1_798_000_000) == 0)
    }

    @Test(arguments: TimeZone.knownTimeZoneIdentifiers)
    func everyZoneFoundationKnowsMatches(identifier: String) throws {
        let zone = try #require(ZoneRules(identifier: identifier), "no zone file for \(identifier)")
        let oracle = try #require(FoundationZoneTable(identifier: identifier)).rules(identifier: identifier)
        let versions = "ICU tz \(FoundationZoneTable.dataVersion), system tz \(Self.systemDataVersion)"
        if Self.backzone.contains(identifier) {
            #expect(Self.difference(zone, oracle, years: 1970..<2500) == nil, "backzone, \(versions)")
            #expect(Self.difference(zone, oracle, years: 1800..<1970) != nil, "listed as backzone but the same")
        } else if let changed = Self.changedBetweenVersions[identifier] {
            for years in Self.years(outside: changed.years) {
                #expect(Self.difference(zone, oracle, years: years) == nil, "\(changed.change), \(versions)")
            }
            let within = changed.years.lowerBound..<changed.years.upperBound + 1
            #expect(Self.difference(zone, oracle, years: within) != nil, "listed as changed but the same")
        } else {
            #expect(Self.difference(zone, oracle, years: 1800..<2500) == nil, "\(versions)")
        }
    }

    /// The version line of the system's tzdata.zi (`2026f`), or `unknown`.
    static let systemDataVersion: String = {
        guard let text = try? String(contentsOfFile: "/usr/share/zoneinfo/tzdata.zi", encoding: .utf8),
            let first = text.split(separator: "\n").first, first.hasPrefix("# version ")
        else { return "unknown" }
        return String(first.dropFirst("# version ".count))
    }()

    /// The parts of 1800–2500 before and after `years`.
    static func years(outside years: ClosedRange<Int>) -> [Range<Int>] {
        [1800..<years.lowerBound, (years.upperBound + 1)..<2500].filter { !$0.isEmpty }
    }

    /// The first way the two tables disagree within `years`, in words, or nil.
    static func difference(_ zone: ZoneRules, _ oracle: ZoneRules, years: Range<Int>) -> String? {
        let from = CivilDate.dayNumber(year: years.lowerBound, month: 1, day: 1) * 86_400
        let to = CivilDate.dayNumber(year: years.upperBound, month: 1, day: 1) * 86_400
        let offsetBefore = (zone.offset(atInstant: from - 1), oracle.offset(atInstant: from - 1))
        if years.lowerBound > 1800, offsetBefore.0 != offsetBefore.1 {
            return "offsets at \(years.lowerBound) differ: \(offsetBefore.0) against \(offsetBefore.1)"
        }
        if years.lowerBound == 1800, zone.initialOffset != oracle.initialOffset {
            return "initial offsets differ: \(zone.initialOffset) against \(oracle.initialOffset)"
        }
        let ours = zone.transitions(from: from, to: to)
        let theirs = oracle.transitions(from: from, to: to)
        for (index, (mine, other)) in zip(ours, theirs).enumerated() where mine != other {
            return "transition \(index): \(describe(mine)) against \(describe(other)) (\(ours.count) against \(theirs.count))"
        }
        guard ours.count == theirs.count else {
            let extra = ours.count > theirs.count ? ours[theirs.count] : theirs[ours.count]
            return "\(ours.count) transitions against \(theirs.count), first extra \(describe(extra))"
        }
        return nil
    }

    static func describe(_ transition: ZoneRules.Transition) -> String {
        let utc = LocalDateTime(wallSeconds: transition.instant)
        return "\(utc)Z \(transition.offsetBefore)→\(transition.offsetAfter)"
    }
}
