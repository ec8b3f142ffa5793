import ConveneCore
import ConveneTOML

extension ConfigurationDecoder {
    /// The term dates file: `[[term]]` tables, checked for inverted and overlapping dates.
    mutating func decodeTermDates(_ file: TableReader) {
        var decoded: [(TermCalendar.Term, SourceLocation)] = []
        for table in file.tables("term") {
            let name = table.string("name", required: true)
            let start = table.date("start", required: true)
            let end = table.date("end", required: true)
            var halfTerm: ClosedRange<CivilDate>?
            var halfTermValid = true
            if let half = table.table("half_term") {
                let from = half.date("start", required: true)
                let to = half.date("end", required: true)
                half.finish()
                if let from, let to {
                    if to < from, let (_, location) = half.located("end") {
                        half.error(location, "half-term ends (\(to)) before it starts (\(from))")
                        halfTermValid = false
                    } else {
                        halfTerm = from...to
                    }
                } else {
                    halfTermValid = false
                }
            }
            table.finish()
            guard let name, let start, let end, halfTermValid else { continue }
            if end < start {
                if let (_, location) = table.located("end") {
                    table.error(location, "the term ends (\(end)) before it starts (\(start))")
                }
                continue
            }
            if let halfTerm, !(start <= halfTerm.lowerBound && halfTerm.upperBound <= end),
                let (_, location) = table.located("half_term")
            {
                table.error(
                    location, "half-term \(halfTerm.lowerBound)–\(halfTerm.upperBound) is not inside the term \(start)–\(end)")
                continue
            }
            decoded.append((TermCalendar.Term(name: name, start: start, end: end, halfTerm: halfTerm), table.location))
        }
        let sorted = decoded.sorted { $0.0.start < $1.0.start }
        for (index, earlier) in sorted.enumerated() {
            for later in sorted[(index + 1)...] where later.0.start <= earlier.0.end {
                log.error(
                    later.1.file, at: later.1.position, later.1.keyPath,
                    "term \"\(later.0.name)\" (\(later.0.start)–\(later.0.end)) overlaps \"\(earlier.0.name)\" (\(earlier.0.start)–\(earlier.0.end))"
                )
            }
        }
        file.finish()
        terms = TermCalendar(terms: sorted.map(\.0))
    }
}
