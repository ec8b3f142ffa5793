import ConveneCore
import Synchronization

extension TimeZoneDefinition {
    /// The VTIMEZONEs of one zone already written, by the years they cover.
    ///
    /// Nearly every message of a run covers the same year or two, and working out the
    /// zone's transitions and writing them out cost more than the rest of the calendar
    /// part. A renderer keeps one cache for its configuration's zone; renderers may be
    /// used from several threads, hence the lock.
    final class Cache: Sendable {
        let zone: ZoneRules
        private let written = Mutex<[ClosedRange<Int>: [UInt8]]>([:])
        /// More distinct year ranges than any run of the daemon sees; past it the cache
        /// starts again rather than grow without end.
        private static let capacity = 64

        init(zone: ZoneRules) {
            self.zone = zone
        }

        /// The folded VTIMEZONE for `years`, as `TimeZoneDefinition.write(to:)` gives it.
        func folded(years: ClosedRange<Int>) -> [UInt8] {
            if let cached = written.withLock({ $0[years] }) { return cached }
            var text: [UInt8] = []
            TimeZoneDefinition(zone: zone, years: years).write(to: &text)
            written.withLock { written in
                if written.count >= Cache.capacity { written.removeAll() }
                written[years] = text
            }
            return text
        }
    }
}
