/// A recurrence set (RFC 5545 §3.8.5): DTSTART, an optional RRULE, extra dates
/// (RDATE) and excluded dates (EXDATE), all as wall-clock times in one zone.
///
/// DTSTART is always the first instance and counts towards COUNT, even when it does
/// not match the rule (RFC 5545; python-dateutil differs here, see README).
public struct Recurrence: Hashable, Sendable {
    public let start: LocalDateTime
    public let rule: RecurrenceRule?
    public let additions: [LocalDateTime]
    public let exclusions: [LocalDateTime]
    /// The rule compiled against DTSTART and the dates as sorted wall times, made once
    /// here so that expanding the same series month after month costs no setup.
    let compiled: Compiled

    public init(start: LocalDateTime, rule: RecurrenceRule?, additions: [LocalDateTime] = [], exclusions: [LocalDateTime] = []) {
        self.start = start
        self.rule = rule
        self.additions = additions
        self.exclusions = exclusions
        compiled = Compiled(start: start, rule: rule, additions: additions, exclusions: exclusions)
    }

    public static func == (lhs: Recurrence, rhs: Recurrence) -> Bool {
        (lhs.start, lhs.rule, lhs.additions, lhs.exclusions) == (rhs.start, rhs.rule, rhs.additions, rhs.exclusions)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(rule)
        hasher.combine(additions)
        hasher.combine(exclusions)
    }

    /// What expansion needs, shared by every iterator over the same recurrence.
    final class Compiled: Sendable {
        let plan: RulePlan?
        /// RDATEs as wall seconds, ascending, without repeats.
        let additions: [Int]
        let exclusions: Set<Int>

        init(start: LocalDateTime, rule: RecurrenceRule?, additions: [LocalDateTime], exclusions: [LocalDateTime]) {
            plan = rule.map { RulePlan(rule: $0, start: start) }
            self.additions = Array(Set(additions.map(\.wallSeconds))).sorted()
            self.exclusions = Set(exclusions.map(\.wallSeconds))
        }
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
    }
}

extension Recurrence {
    /// Whether the rule itself produces DTSTART. RFC 5545 counts DTSTART as an instance
    /// either way, which surprises people who meant "starting from", so configuration
    /// checks warn when it does not.
    public var ruleIncludesStart: Bool {
        guard let rule, let plan = compiled.plan else { return true }
        var expansion = RuleExpansion(rule: rule, plan: plan, start: start)
        expansion.stop(after: start.wallSeconds)
        return expansion.next() == start.wallSeconds
    }
}
