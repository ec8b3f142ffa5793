/// A recurrence set (RFC 5545 §3.8.5): DTSTART, an optional RRULE, extra dates
/// (RDATE) and excluded dates (EXDATE), all as wall-clock times in one zone.
///
/// DTSTART is always the first instance and counts towards COUNT, even when it does
/// not match the rule (RFC 5545; python-dateutil differs here, see README).
public struct Recurrence: Hashable, Sendable {
    public var start: LocalDateTime
    public var rule: RecurrenceRule?
    public var additions: [LocalDateTime]
    public var exclusions: [LocalDateTime]

    public init(start: LocalDateTime, rule: RecurrenceRule?, additions: [LocalDateTime] = [], exclusions: [LocalDateTime] = []) {
        self.start = start
        self.rule = rule
        self.additions = additions
        self.exclusions = exclusions
    }

    /// Every instance, in order, resolved in `zone`.
    public func occurrences(in zone: ZoneRules) -> Occurrences {
        Occurrences(recurrence: self, zone: zone, from: nil, to: nil)
    }

    /// The instances starting at or after instant `from` and before instant `to`
    /// (seconds since the epoch). Without COUNT, periods before the window are skipped
    /// rather than walked.
    public func occurrences(in zone: ZoneRules, from: Int?, to: Int?) -> Occurrences {
        Occurrences(recurrence: self, zone: zone, from: from, to: to)
    }

    /// A lazy sequence of a recurrence's instances.
    public struct Occurrences: Sequence, Sendable {
        let recurrence: Recurrence
        let zone: ZoneRules
        let from: Int?
        let to: Int?

        public func makeIterator() -> Iterator { Iterator(self) }

        public struct Iterator: IteratorProtocol {
            private let zone: ZoneRules
            private let from: Int?
            private let to: Int?
            private let start: Int
            private let count: Int?
            private let until: RecurrenceRule.Until?
            private var expansion: RuleExpansion?
            private var emittedFromRule = 0
            private var startPending = true
            private var ruleNext: Int?
            private var additions: [Int]
            private var additionIndex = 0
            private let exclusions: Set<Int>
            /// Wall times past this cannot resolve into the window, whatever the offset.
            private let lastWall: Int?

            /// Offsets in use today stay within ±26 hours.
            private static let offsetMargin = 26 * 3600

            init(_ sequence: Occurrences) {
                let recurrence = sequence.recurrence
                zone = sequence.zone
                from = sequence.from
                to = sequence.to
                start = recurrence.start.wallSeconds
                count = recurrence.rule?.count
                until = recurrence.rule?.until
                additions = Array(Set(recurrence.additions.map(\.wallSeconds))).sorted()
                exclusions = Set(recurrence.exclusions.map(\.wallSeconds))
                lastWall = sequence.to.map { $0 + Self.offsetMargin }
                if let rule = recurrence.rule {
                    var expansion = RuleExpansion(rule: rule, start: recurrence.start)
                    if let from = sequence.from, rule.count == nil {
                        expansion.skip(toPeriodContaining: from - Self.offsetMargin)
                    }
                    if let lastWall { expansion.stop(after: lastWall) }
                    switch rule.until {
                    case let .date(date)?: expansion.stop(after: (date.dayNumber + 1) * 86_400)
                    case let .local(local)?: expansion.stop(after: local.wallSeconds)
                    case let .utc(instant)?: expansion.stop(after: instant + Self.offsetMargin)
                    case nil: break
                    }
                    self.expansion = expansion
                }
                if let from = sequence.from {
                    let earliest = from - Self.offsetMargin
                    additionIndex = additions.firstIndex(where: { $0 >= earliest }) ?? additions.count
                }
                ruleNext = nextFromRule()
            }

            public mutating func next() -> ZonedDateTime? {
                while true {
                    let addition = additionIndex < additions.count ? additions[additionIndex] : nil
                    let wall: Int
                    switch (ruleNext, addition) {
                    case (nil, nil):
                        return nil
                    case let (r?, a?) where a < r:
                        wall = a
                        additionIndex += 1
                    case let (r?, a):
                        wall = r
                        if a == r { additionIndex += 1 }
                        ruleNext = nextFromRule()
                    case let (nil, a?):
                        wall = a
                        additionIndex += 1
                    }
                    if let lastWall, wall > lastWall { return nil }
                    if exclusions.contains(wall) { continue }
                    let zoned = zone.resolve(wallSeconds: wall)
                    if let from, zoned.instant < from { continue }
                    if let to, zoned.instant >= to { continue }
                    return zoned
                }
            }

            /// The next wall time the rule (with DTSTART first) produces, within COUNT and UNTIL.
            private mutating func nextFromRule() -> Int? {
                if let count, emittedFromRule >= count { return nil }
                let candidate: Int
                if startPending {
                    startPending = false
                    candidate = start
                    emittedFromRule += 1
                    return candidate
                }
                guard var expansion else { return nil }
                defer { self.expansion = expansion }
                while true {
                    guard let value = expansion.next() else { return nil }
                    if value == start { continue }
                    if let lastWall, value > lastWall { return nil }
                    if !withinUntil(value) { return nil }
                    emittedFromRule += 1
                    return value
                }
            }

            private func withinUntil(_ wall: Int) -> Bool {
                switch until {
                case nil: true
                case let .date(date)?: wall < (date.dayNumber + 1) * 86_400
                case let .local(local)?: wall <= local.wallSeconds
                case let .utc(instant)?: zone.resolve(wallSeconds: wall).instant <= instant
                }
            }
        }
    }
}

extension Recurrence {
    /// Whether the rule itself produces DTSTART. RFC 5545 counts DTSTART as an instance
    /// either way, which surprises people who meant "starting from", so configuration
    /// checks warn when it does not.
    public var ruleIncludesStart: Bool {
        guard let rule else { return true }
        var expansion = RuleExpansion(rule: rule, start: start)
        expansion.stop(after: start.wallSeconds)
        return expansion.next() == start.wallSeconds
    }
}
