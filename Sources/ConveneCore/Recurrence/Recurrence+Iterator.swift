extension Recurrence.Occurrences {
    /// Walks a recurrence set in time order: DTSTART, the rule's instances (within
    /// COUNT and UNTIL) and RDATEs are merged as wall times, resolved in the zone, and
    /// EXDATEs removed by instant.
    ///
    /// Resolving can reorder wall times next to a spring-forward gap (01:30 becomes
    /// 02:30 BST, after a wall 02:00) and map two of them onto one instant. RFC 5545
    /// wants one instance per start time, in order, so resolved instances wait in a
    /// small buffer until no later wall time can resolve before them: wall order and
    /// instant order differ by at most the zone's largest forward jump.
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
        private let additions: [Int]
        private var additionIndex = 0
        /// EXDATEs as instants in this zone.
        private let exclusions: Set<Int>
        /// Wall times past this cannot resolve into the window, whatever the offset.
        private let lastWall: Int?
        /// Resolved instances not yet safe to return, ascending by instant, from
        /// `waitingStart` on: taking the first moves an index, not the rest of the buffer.
        private var waiting: [ZonedDateTime] = []
        private var waitingStart = 0
        /// Every instance still to come resolves at or after this instant.
        private var settled = Int.min
        private var lastReturned: Int?
        private var drained = false

        /// Offsets in use stay within ±26 hours.
        private static let offsetMargin = 26 * 3600

        init(_ sequence: Recurrence.Occurrences) {
            let recurrence = sequence.recurrence
            zone = sequence.zone
            from = sequence.from
            to = sequence.to
            start = recurrence.start.wallSeconds
            count = recurrence.rule?.count
            until = recurrence.rule?.until
            additions = recurrence.compiled.additions
            exclusions = Set(recurrence.compiled.exclusions.map { sequence.zone.resolve(wallSeconds: $0).instant })
            lastWall = sequence.to.map { $0 + Self.offsetMargin }
            if let rule = recurrence.rule, let plan = recurrence.compiled.plan {
                var expansion = RuleExpansion(rule: rule, plan: plan, start: recurrence.start)
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
                if waitingStart < waiting.count, drained || waiting[waitingStart].instant < settled {
                    let first = waiting[waitingStart]
                    waitingStart += 1
                    if waitingStart == waiting.count {
                        waiting.removeAll(keepingCapacity: true)
                        waitingStart = 0
                    }
                    if first.instant == lastReturned { continue }
                    lastReturned = first.instant
                    return first
                }
                if drained { return nil }
                guard let wall = nextWall() else {
                    drained = true
                    continue
                }
                let zoned = zone.resolve(wallSeconds: wall)
                settled = zoned.instant - zone.largestForwardJump
                if !exclusions.isEmpty, exclusions.contains(zoned.instant) { continue }
                if let from, zoned.instant < from { continue }
                if let to, zoned.instant >= to { continue }
                var index = waiting.count
                while index > waitingStart, waiting[index - 1].instant > zoned.instant { index -= 1 }
                if index == waiting.count { waiting.append(zoned) } else { waiting.insert(zoned, at: index) }
            }
        }

        /// The next wall time of the set, before resolution: rule and RDATEs merged.
        private mutating func nextWall() -> Int? {
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
            return wall
        }

        /// The next wall time the rule (with DTSTART first) produces, within COUNT and UNTIL.
        private mutating func nextFromRule() -> Int? {
            if let count, emittedFromRule >= count { return nil }
            if startPending {
                startPending = false
                emittedFromRule += 1
                return start
            }
            // Mutated in place through the optional: a local copy would share, and then
            // copy, the expansion's buffers on every call.
            while let value = expansion?.next() {
                if value == start { continue }
                if let lastWall, value > lastWall { return nil }
                if !withinUntil(value) { return nil }
                emittedFromRule += 1
                return value
            }
            return nil
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
