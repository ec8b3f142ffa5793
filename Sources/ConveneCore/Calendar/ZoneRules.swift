import Synchronization

/// The UTC offsets of one IANA time zone, with the RFC 5545 rules for wall times
/// that a clock change skips or repeats.
///
/// Transitions are read once from the system's zone file (TZif, under /usr/share/zoneinfo
/// or `TZDIR`) for 1800–2500, the file's own list carried on by its footer rule, and kept
/// in a sorted table, so resolving a wall time is a binary search. Later times are mapped
/// back into 2100–2500 by whole 400-year Gregorian cycles, which repeat weekdays exactly,
/// so rules like "last Sunday of March" carry on correctly.
public struct ZoneRules: Sendable, CustomStringConvertible {
    /// The IANA identifier, e.g. `Europe/London`.
    public let identifier: String

    /// Instants (UTC seconds) at which the offset changes.
    let instants: [Int]
    /// The offset in effect from `instants[i]` on.
    let offsets: [Int]
    /// For each transition, the earliest wall time it governs for a wall-to-instant
    /// lookup: `instant + max(before, after)`. Wall times that a change skips or repeats
    /// resolve with the offset from before it (RFC 5545 §3.3.5; PEP 495 `fold=0`).
    let wallKeys: [Int]
    /// The offset before the first transition in the table (at 1800, usually local mean time).
    let initialOffset: Int
    /// The largest amount the clocks ever go forward (an hour in most zones; 0 in UTC):
    /// how far wall-clock order and instant order can differ near a gap.
    public let largestForwardJump: Int

    public var description: String { identifier }

    /// The zone for an IANA identifier (`Europe/London`), read from the system's zone
    /// files; nil if the identifier is not a plain zone name or no zone file has it.
    public init?(identifier: String) {
        if let cached = ZoneRules.cache.withLock({ $0[identifier] }) {
            self = cached
            return
        }
        guard let bytes = ZoneInfoDirectory.contents(ofZone: identifier),
            let made = try? ZoneRules(identifier: identifier, zoneInfo: bytes)
        else { return nil }
        self = made
        ZoneRules.cache.withLock { $0[identifier] = made }
    }

    /// The zone a TZif file describes, named `identifier`: its transitions from 1800 to
    /// 2500, those past the file's last one made by its footer rule. Throws if the bytes
    /// are not a TZif file, or one whose times count leap seconds.
    public init(identifier: String, zoneInfo: some Collection<UInt8>) throws(TZifError) {
        let file = try TZifFile(bytes: zoneInfo)
        guard file.leapSecondCount == 0 else { throw .countsLeapSeconds }
        self.init(identifier: identifier, file: file)
    }

    /// Coordinated Universal Time: the system's `UTC` zone, or a zone that is always
    /// at offset zero where there is no zone file.
    public static let utc =
        ZoneRules(identifier: "UTC") ?? ZoneRules(identifier: "UTC", initialOffset: 0, instants: [], offsets: [])

    private init(identifier: String, file: TZifFile) {
        // Before the first transition the first local time type applies (RFC 8536 §3.2).
        var initial = file.types[0].offset
        var instants: [Int] = []
        var offsets: [Int] = []
        /// Keeps a change inside the table if it changes the offset; earlier ones set the start.
        func record(_ instant: Int, _ offset: Int) {
            guard instant > ZoneRules.tableStart else {
                initial = offset
                return
            }
            guard instant < ZoneRules.tableEnd else { return }
            // Two changes at one instant (a rule's end meeting the next start): the later wins.
            if instants.last == instant {
                instants.removeLast()
                offsets.removeLast()
            }
            if offset != offsets.last ?? initial {
                instants.append(instant)
                offsets.append(offset)
            }
        }
        for (instant, type) in zip(file.transitions, file.transitionTypes) { record(instant, file.types[type].offset) }
        for (instant, offset) in ZoneRules.ruleChanges(file.rule, after: file.transitions.last) { record(instant, offset) }
        self.init(identifier: identifier, initialOffset: initial, instants: instants, offsets: offsets)
    }

    /// A zone from its table: the offset before the first transition, and the instants
    /// (ascending) at which the offset changes to each of `offsets`.
    init(identifier: String, initialOffset: Int, instants: [Int], offsets: [Int]) {
        self.identifier = identifier
        var wallKeys: [Int] = []
        wallKeys.reserveCapacity(instants.count)
        var jump = 0
        for i in instants.indices {
            let before = i == 0 ? initialOffset : offsets[i - 1]
            wallKeys.append(instants[i] + max(before, offsets[i]))
            jump = max(jump, offsets[i] - before)
        }
        self.instants = instants
        self.offsets = offsets
        self.wallKeys = wallKeys
        self.initialOffset = initialOffset
        largestForwardJump = jump
    }

    /// The changes a footer rule makes after `last` (the file's last transition) and
    /// before the end of the table, in order; for a file without transitions, from
    /// before the table's start.
    private static func ruleChanges(_ rule: PosixTimeZoneRule?, after last: Int?) -> [(instant: Int, offset: Int)] {
        guard let rule, rule.daylightSaving != nil else { return [] }
        // A year early, as a rule's time may reach back into the previous year.
        let firstYear = max(tableStartYear, last.map { CivilDate(dayNumber: floorDivide($0, 86_400)).year } ?? tableStartYear) - 1
        guard firstYear < tableEndYear else { return [] }
        var changes: [(instant: Int, offset: Int)] = []
        changes.reserveCapacity(2 * (tableEndYear - firstYear + 1))
        for year in firstYear...tableEndYear {
            guard let yearly = rule.changes(inYear: year) else { break }
            changes.append(yearly.start)
            changes.append(yearly.end)
        }
        if let last { changes.removeAll { $0.instant <= last } }
        // In year order a change whose time runs far past midnight can come after a later
        // one; sorted with equal instants kept in that order, so the later rule wins.
        guard zip(changes, changes.dropFirst()).contains(where: { $0.instant > $1.instant }) else { return changes }
        return changes.enumerated()
            .sorted { ($0.element.instant, $0.offset) < ($1.element.instant, $1.offset) }
            .map(\.element)
    }

    /// `value / divisor` rounded down (towards the earlier day for instants before 1970).
    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value / divisor - (value % divisor < 0 ? 1 : 0)
    }

    /// The UTC offset in seconds at an instant (seconds since the Unix epoch).
    public func offset(atInstant instant: Int) -> Int {
        let (shifted, _) = ZoneRules.intoTable(instant)
        let i = ZoneRules.lastIndex(in: instants, notAfter: shifted)
        return i < 0 ? initialOffset : offsets[i]
    }

    /// The instant a wall time denotes in this zone. A wall time inside a gap (spring
    /// forward) is moved forward by the gap; one that occurs twice (fall back) is the
    /// first of the two (RFC 5545 §3.3.5).
    public func resolve(wallSeconds wall: Int) -> ZonedDateTime {
        let (shifted, cycles) = ZoneRules.intoTable(wall)
        let i = ZoneRules.lastIndex(in: wallKeys, notAfter: shifted)
        let offset = i < 0 ? initialOffset : offsets[i]
        let instant = shifted - offset + cycles * ZoneRules.cycleSeconds
        return ZonedDateTime(instant: instant, offset: self.offset(atInstant: instant))
    }

    public func resolve(_ local: LocalDateTime) -> ZonedDateTime { resolve(wallSeconds: local.wallSeconds) }

    /// The instant `instant` as seen on this zone's wall clocks.
    public func zoned(instant: Int) -> ZonedDateTime {
        ZonedDateTime(instant: instant, offset: offset(atInstant: instant))
    }

    // MARK: Table

    private static let cache = Mutex<[String: ZoneRules]>([:])
    private static let tableStartYear = 1800
    private static let tableEndYear = 2500
    /// 1800-01-01 and 2500-01-01, in seconds since the epoch.
    static let tableStart = CivilDate.dayNumber(year: tableStartYear, month: 1, day: 1) * 86_400
    static let tableEnd = CivilDate.dayNumber(year: tableEndYear, month: 1, day: 1) * 86_400
    /// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks).
    private static let cycleSeconds = 146_097 * 86_400

    /// Maps a time at or after 2500 back into 2100–2500 by whole 400-year cycles.
    private static func intoTable(_ t: Int) -> (Int, cycles: Int) {
        guard t >= tableEnd else { return (t, 0) }
        let cycles = (t - tableEnd) / cycleSeconds + 1
        return (t - cycles * cycleSeconds, cycles)
    }

    /// The index of the last element `<= value` in a sorted array, or -1.
    private static func lastIndex(in sorted: [Int], notAfter value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

extension ZoneRules {
    /// `time` plus a duration: the nominal days on the wall clock (so a day is 23 or 25
    /// hours across a clock change), then the exact hours, minutes and seconds.
    public func adding(_ duration: ISODuration, to time: ZonedDateTime) -> ZonedDateTime {
        let shifted =
            duration.days == 0 ? time.instant : resolve(wallSeconds: time.instant + time.offset + duration.days * 86_400).instant
        return zoned(instant: shifted + duration.seconds)
    }
}
