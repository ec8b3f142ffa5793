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
    /// in order.
    ///
    /// Found through `offset(atInstant:)`, so they agree with every time the scheduler
    /// resolves, by construction. The table behind it is private to `ZoneRules.swift`,
    /// so this probes it hourly and bisects each change to the second. Two changes
    /// within one hour would be missed; the zone data has none a meeting could fall
    /// near, and a year costs about 9,000 lookups (well under a millisecond).
    public func transitions(from: Int, to: Int) -> [Transition] {
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
                if high < to {
                    found.append(Transition(instant: high, offsetBefore: offset, offsetAfter: nextOffset))
                }
            }
            cursor = next
            offset = nextOffset
        }
        return found
    }
}
