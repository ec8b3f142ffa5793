/// School terms and half-terms: term-time-only meetings avoid the holidays between
/// and within them, when parents have children at home.
public struct TermCalendar: Hashable, Sendable {
    /// One school term, inclusive of both ends.
    public struct Term: Hashable, Sendable {
        public let name: String
        public let start: CivilDate
        public let end: CivilDate
        public let halfTerm: ClosedRange<CivilDate>?

        public init(name: String, start: CivilDate, end: CivilDate, halfTerm: ClosedRange<CivilDate>? = nil) {
            self.name = name
            self.start = start
            self.end = end
            self.halfTerm = halfTerm
        }
    }

    /// Terms in date order, not overlapping.
    public let terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms.sorted { $0.start < $1.start }
    }

    public static let none = TermCalendar(terms: [])

    /// The dates the term calendar speaks about: first term's start to last term's end.
    public var coverage: ClosedRange<CivilDate>? {
        guard let first = terms.first, let last = terms.last else { return nil }
        return first.start...last.end
    }

    /// What kind of school holiday `date` is in, or nil in term time or outside coverage.
    public func holiday(on date: CivilDate) -> SchoolHoliday? {
        guard let coverage, coverage.contains(date) else { return nil }
        for (index, term) in terms.enumerated() {
            if date < term.start {
                let previous = terms[index - 1]
                return SchoolHoliday(name: "school holidays", dates: previous.end.adding(days: 1)...term.start.adding(days: -1))
            }
            if date <= term.end {
                if let half = term.halfTerm, half.contains(date) {
                    return SchoolHoliday(name: "school half-term", dates: half)
                }
                return nil
            }
        }
        return nil
    }

    /// A stretch of school holiday, for reasons such as "school half-term (25–29 May)".
    public struct SchoolHoliday: Hashable, Sendable {
        public let name: String
        public let dates: ClosedRange<CivilDate>
    }
}
