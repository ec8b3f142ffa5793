import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneCore

/// The tables built from the system's zone files against glibc's zdump reading the same
/// files: every zone, every change of offset from 1800 to 2500, to the second.
///
/// The oracle must read the same data. Foundation's TimeZone uses the tz data ICU bundles
/// (2025b with this toolchain), which differs from the system's (Debian's tzdata, 2026f
/// here) wherever a later release changed a zone (Morocco, British Columbia, Cuba, …),
/// and before 1970 wherever Debian builds a zone from the `backzone` file that the
/// default build, and ICU, make a link (Africa/Bamako to Africa/Abidjan). A hand-kept
/// list of those differences breaks with every new tzdata or toolchain for reasons that
/// have nothing to do with the reader, so ICU is now asked only about a few zones over
/// years whose history both have long agreed on.
@Suite(.runsOnBlockingThreads) struct ZoneInfoTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    // MARK: zdump

    /// Every zone file `ZoneRules` accepts under the zone folder against `zdump -v`.
    ///
    /// glibc's zdump steps through time half a day at a time, and for a zone file glibc
    /// parses the footer rule again for every time after the file's last transition, so
    /// asking about all of 1800–2500 for each of the 597 zones takes about four minutes of
    /// CPU time. So zdump is asked about each distinct file once (a link shares its
    /// target's bytes), from the year before its first transition after 1800 (its offset
    /// is the same until then, and `zdump -i` gives it at 1800) to the start of the second
    /// year after its last; from there on glibc uses the footer rule alone (RFC 8536 §3.3),
    /// and each distinct footer with daylight saving time (31 with tzdata 2026f) is asked
    /// about once, as a TZ string, which zdump evaluates quickly. `ZdumpPlan` reads those
    /// years from the bytes, not through the reader under test. Set `CONVENE_ZDUMP_FULL=1`
    /// to ask about every distinct file over all of 1800–2500 instead (about 100 s on two
    /// cores).
    @Test(.enabled(if: Zdump.isInstalled || isCI, "needs glibc's zdump (Debian's libc-bin)"))
    func everyZoneFileMatchesZdump() throws {
        try #require(Zdump.isInstalled, "\(Zdump.path) is missing: scripts/lib.sh installs it with libc-bin")
        let folder = Self.systemZones()
        #expect(folder.refused.isEmpty, "TZif files ZoneRules refuses: \(folder.refused)")
        try #require(folder.zones.count >= 300, "only \(folder.zones.count) zone files under \(ZoneInfoDirectory.path)")
        let wholeRange = ProcessInfo.processInfo.environment["CONVENE_ZDUMP_FULL"] == "1"
        let oracle = try Self.zdumpTables(folder.zones, wholeRangePerZone: wholeRange)
        var differences: [String] = []
        for zone in folder.zones {
            guard let expected = oracle[zone.name] else {
                differences.append("\(zone.name): zdump printed nothing")
                continue
            }
            if let difference = Self.difference(zone.rules, initialOffset: expected.initialOffset, changes: expected.changes) {
                differences.append("\(zone.name): \(difference)")
            }
        }
        if !differences.isEmpty {
            Issue.record(
                """
                \(differences.count) of \(folder.zones.count) zones differ from zdump (tzdata \(Self.systemDataVersion)); \
                the first \(min(differences.count, 20)):
                \(differences.prefix(20).joined(separator: "\n"))
                """)
        }
    }

    /// A zone file `ZoneRules` accepts, and the file as read (a link and the zone it names
    /// have the same bytes).
    struct SystemZone {
        let name: String
        let rules: ZoneRules
        let bytes: [UInt8]
    }

    /// The zone files under the zone folder that `ZoneRules` accepts, by name, and the
    /// names of any TZif files it refuses (none should be: the folder's non-zones are
    /// text files, or are kept out by name, as `posix/`, `right/` and `posixrules` are).
    static func systemZones() -> (zones: [SystemZone], refused: [String]) {
        var zones: [SystemZone] = []
        var refused: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: ZoneInfoDirectory.path) else { return ([], []) }
        while let name = walker.nextObject() as? String {
            guard ZoneInfoDirectory.isZoneName(name) else { continue }
            // Nothing under posix/ or right/ is looked up: no need to walk them.
            if !ZoneInfoDirectory.isZoneName(name + "/UTC") { walker.skipDescendants() }
            guard let bytes = ZoneInfoDirectory.contents(ofZone: name) else { continue }
            if let rules = ZoneRules(identifier: name) {
                zones.append(SystemZone(name: name, rules: rules, bytes: bytes))
            } else if bytes.starts(with: "TZif".utf8) {
                refused.append(name)
            }
        }
        return (zones.sorted { $0.name < $1.name }, refused.sorted())
    }

    /// How zdump is asked about a file: the file itself over `years`, and `footer` (its
    /// rule, when it has daylight saving time) from the end of `years` to 2500.
    ///
    /// glibc's offset is the same from 1800 to the year before the file's first transition
    /// after 1800 (zdump -i gives it at 1800), and from the second year after its last
    /// transition on glibc uses the footer alone. Both are read straight from the bytes,
    /// not through `TZifFile`, so a reader that lost transitions or misread a rule could
    /// not also narrow what zdump is asked; a file that cannot be read so is asked about
    /// over all of 1800–2500.
    struct ZdumpPlan {
        let years: Range<Int>
        let footer: String?

        static let whole = ZdumpPlan(years: ZdumpRange.start..<ZdumpRange.end, footer: nil)

        init(years: Range<Int>, footer: String?) {
            self.years = years
            self.footer = footer
        }

        init(_ bytes: [UInt8]) {
            /// The big-endian number of `size` bytes at `offset`, or nil past the end.
            func number(at offset: Int, size: Int) -> Int? {
                guard offset >= 0, offset + size <= bytes.count else { return nil }
                let value = bytes[offset..<(offset + size)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return size == 8 ? Int(Int64(bitPattern: value)) : Int(value)
            }
            func year(_ instant: Int) -> Int { CivilDate(dayNumber: (instant - (instant < 0 ? 86_399 : 0)) / 86_400).year }
            // Version 2+: a version 1 block, then a header and block with 64-bit times, then
            // the footer (RFC 8536 §3). Counts: isut, isstd, leap, time, type, char.
            guard bytes.count >= 44, bytes.starts(with: "TZif".utf8), bytes[4] != 0 else {
                self = .whole
                return
            }
            let counts = (0..<6).compactMap { number(at: 20 + 4 * $0, size: 4) }
            let second = 44 + counts[3] * 5 + counts[4] * 6 + counts[5] + counts[2] * 8 + counts[1] + counts[0]
            guard number(at: second, size: 4) == number(at: 0, size: 4), let count = number(at: second + 32, size: 4),
                second + 44 + 8 * count <= bytes.count, bytes.last == UInt8(ascii: "\n"),
                let newline = bytes.dropLast().lastIndex(of: UInt8(ascii: "\n"))
            else {
                self = .whole
                return
            }
            let times = (0..<count).compactMap { number(at: second + 44 + 8 * $0, size: 8) }
            let inRange = times.filter { $0 > ZoneRules.tableStart && $0 < ZoneRules.tableEnd }
            let from = inRange.first.map { max(ZdumpRange.start, year($0) - 1) } ?? ZdumpRange.start
            let to = inRange.last.map { min(ZdumpRange.end, year($0) + 2) } ?? ZdumpRange.start + 1
            // The footer is the text between the last two newlines. One without a comma
            // states no daylight saving time (zic always writes the rule's dates), so keeps
            // one offset.
            let footer = String(decoding: bytes[(newline + 1)..<(bytes.count - 1)], as: UTF8.self)
            if times.last.map({ $0 >= ZoneRules.tableEnd }) ?? false {
                self.init(years: from..<ZdumpRange.end, footer: nil)
            } else {
                self.init(years: from..<to, footer: footer.contains(",") ? footer : nil)
            }
        }
    }

    /// The years the tables and zdump are compared over.
    enum ZdumpRange {
        static let start = 1800
        static let end = 2500
    }

    /// What zdump says of each zone: its offset at the start of 1800 and its changes of
    /// offset before 2500. Unless `wholeRangePerZone`, each file is asked about as its
    /// `ZdumpPlan` says.
    static func zdumpTables(_ zones: [SystemZone], wholeRangePerZone: Bool) throws -> [String: ZdumpTable] {
        let (first, last) = (ZdumpRange.start, ZdumpRange.end)
        // zdump's output depends only on the file, so it is asked about one name for each
        // distinct file (447 of 597 with tzdata 2026f): a link gets its target's table.
        let copies = Dictionary(grouping: zones, by: \.bytes).values.map { $0.sorted { $0.name < $1.name } }
        let files = copies.map { $0[0] }
        var plans: [String: ZdumpPlan] = [:]
        for file in files {
            plans[file.name] = wholeRangePerZone ? .whole : ZdumpPlan(file.bytes)
        }
        // Files that end in the same year, twenty to a run, from the earliest year one of
        // them starts in.
        var batches: [(years: Range<Int>, names: [String])] = []
        for (to, group) in Dictionary(grouping: files, by: { plans[$0.name]!.years.upperBound }) {
            let names = group.map(\.name).sorted { plans[$0]!.years.lowerBound < plans[$1]!.years.lowerBound }
            for start in stride(from: 0, to: names.count, by: 20) {
                let chunk = Array(names[start..<min(start + 20, names.count)])
                batches.append((plans[chunk[0]]!.years.lowerBound..<to, chunk))
            }
        }
        // Each footer from the earliest year one of its files needs, in a run of its own.
        var footerFrom: [String: Int] = [:]
        for plan in plans.values {
            guard let footer = plan.footer, plan.years.upperBound < last else { continue }
            footerFrom[footer] = min(footerFrom[footer] ?? plan.years.upperBound, plan.years.upperBound)
        }
        batches += footerFrom.map { (footer, from) in (from..<last, [footer]) }
        // The longest spans first, so the last run to finish is a short one.
        batches.sort { $0.years.count * $0.names.count > $1.years.count * $1.names.count }
        let changes = try Zdump.changes(batches)
        let initial = try Zdump.offsets(of: files.map(\.name), atStartOf: first)
        var tables: [String: ZdumpTable] = [:]
        for group in copies {
            let file = group[0]
            guard let offset = initial[file.name], let plan = plans[file.name] else { continue }
            let split = CivilDate.dayNumber(year: plan.years.upperBound, month: 1, day: 1) * 86_400
            var found = (changes[file.name] ?? []).filter { $0.instant < split }
            if let footer = plan.footer, plan.years.upperBound < last {
                found += (changes[footer] ?? []).filter { $0.instant >= split }
            }
            for zone in group { tables[zone.name] = ZdumpTable(initialOffset: offset, changes: found) }
        }
        return tables
    }

    /// A zone's offset at the start of 1800 and its changes of offset up to 2500, as zdump
    /// prints them.
    struct ZdumpTable {
        let initialOffset: Int
        let changes: [Zdump.Change]
    }

    /// The first way the table disagrees with the offset at 1800 and the changes of offset
    /// up to 2500 that zdump gives, in words, or nil.
    static func difference(_ zone: ZoneRules, initialOffset: Int, changes: [Zdump.Change]) -> String? {
        if zone.initialOffset != initialOffset {
            return "the offset at 1800 is \(zone.initialOffset), zdump's \(initialOffset)"
        }
        let ours = zone.transitions(from: ZoneRules.tableStart, to: ZoneRules.tableEnd).map {
            Zdump.Change(instant: $0.instant, before: $0.offsetBefore, after: $0.offsetAfter)
        }
        for (index, (mine, theirs)) in zip(ours, changes).enumerated() where mine != theirs {
            return "change \(index): \(mine), zdump's \(theirs) (\(ours.count) changes, zdump \(changes.count))"
        }
        guard ours.count == changes.count else {
            let extra = ours.count > changes.count ? "ours \(ours[changes.count])" : "zdump's \(changes[ours.count])"
            return "\(ours.count) changes, zdump \(changes.count); the first extra is \(extra)"
        }
        return nil
    }

    /// The version line of the system's tzdata.zi (`2026f`), or `unknown`.
    static let systemDataVersion: String = {
        guard let text = try? String(contentsOfFile: ZoneInfoDirectory.path + "/tzdata.zi", encoding: .utf8),
            let first = text.split(separator: "\n").first, first.hasPrefix("# version ")
        else { return "unknown" }
        return String(first.dropFirst("# version ".count))
    }()

    // MARK: Foundation

    /// Zones whose offsets from 1970 to 2025 ICU's data and any recent tzdata agree on:
    /// the daemon's own zone, one with a 30-minute daylight saving time, one that skipped
    /// a day, a half-hour offset, and UTC.
    static let settled = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "UTC"]

    @Test(arguments: settled)
    func settledZonesMatchFoundationFrom1970To2025(identifier: String) throws {
        let zone = try #require(ZoneRules(identifier: identifier))
        let oracle = try #require(FoundationZoneTable(identifier: identifier)).rules(identifier: identifier)
        let from = CivilDate.dayNumber(year: 1970, month: 1, day: 1) * 86_400
        let to = CivilDate.dayNumber(year: 2026, month: 1, day: 1) * 86_400
        let versions = "ICU tz \(FoundationZoneTable.dataVersion), system tz \(Self.systemDataVersion)"
        #expect(zone.offset(atInstant: from - 1) == oracle.offset(atInstant: from - 1), "the offset at 1970, \(versions)")
        #expect(zone.transitions(from: from, to: to) == oracle.transitions(from: from, to: to), "\(versions)")
    }
}
