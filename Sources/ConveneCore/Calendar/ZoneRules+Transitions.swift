extension ZoneRules {
    /// One change of a zone's UTC offset: what an iCalendar VTIMEZONE lists as a
    /// STANDARD or DAYLIGHT onset.
    public struct Transition: Hashable, Sendable {
        /// The first instant (seconds since the epoch) with the new offset.
        public let instant: Int
        /// Seconds east of UTC just before `instant`.
        public let offsetBefore: Int
        /// Seconds east of UTC from `instant` on.
        public let offsetAfter: Int

        /// A transition at an instant, from one offset to another.
        public init(instant: Int, offsetBefore: Int, offsetAfter: Int) {
            self.instant = instant
            self.offsetBefore = offsetBefore
            self.offsetAfter = offsetAfter
        }

        /// The wall time at which the change happens, read on the clock before it
        /// (01:00 for London's spring change, 02:00 for its autumn one): the form
        /// RFC 5545 wants for an observance's DTSTART.
        public var wallTimeBefore: LocalDateTime { LocalDateTime(wallSeconds: instant + offsetBefore) }
    }

    /// The offset changes at or after `from` and before `to` (seconds since the epoch),
    /// in order: read from the same table `offset(atInstant:)` uses, so they agree with
    /// every time the scheduler resolves. Past the table (after 2500) the offsets are
    /// probed hourly and each change bisected to the second.
    public func transitions(from: Int, to: Int) -> [Transition] {
        guard to > ZoneRules.tableEnd else {
            var found: [Transition] = []
            var low = 0
            var high = instants.count
            while low < high {
                let mid = (low + high) / 2
                if instants[mid] < from { low = mid + 1 } else { high = mid }
            }
            var index = low
            while index < instants.count, instants[index] < to {
                let before = index == 0 ? initialOffset : offsets[index - 1]
                found.append(Transition(instant: instants[index], offsetBefore: before, offsetAfter: offsets[index]))
                index += 1
            }
            return found
        }
        return probedTransitions(from: from, to: to)
    }

    private func probedTransitions(from: Int, to: Int) -> [Transition] {
        let step = 3600
        var found: [Transition] = []
        // One second early, so that a change exactly at `from` is seen as one.
        var cursor = from - 1
        var offset = offset(atInstant: cursor)
        while cursor < to {
            let next = min(cursor + step, to)
            let nextOffset = self.offset(atInstant: next)
            if nextOffset != offset {
                // The offset at `low` is the old one and at `high` the new one.
                var low = cursor
                var high = next
                while high - low > 1 {
                    let mid = low + (high - low) / 2
                    if self.offset(atInstant: mid) == offset { low = mid } else { high = mid }
                }
                if high < to, high >= from {
                    found.append(Transition(instant: high, offsetBefore: offset, offsetAfter: nextOffset))
                }
            }
            cursor = next
            offset = nextOffset
        }
        return found
    }
}
