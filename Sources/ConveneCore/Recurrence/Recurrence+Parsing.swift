extension Recurrence {
    /// Builds a recurrence from iCalendar-style properties separated by whitespace:
    /// an RRULE (with or without the `RRULE:` prefix) and any number of
    /// `RDATE:20270720T100000,…` and `EXDATE:…` (dates alone take DTSTART's time).
    /// This is the form `convenectl expand` and its batch files accept.
    public init(start: LocalDateTime, properties text: String) throws(RecurrenceRuleError) {
        var rule: RecurrenceRule?
        var additions: [LocalDateTime] = []
        var exclusions: [LocalDateTime] = []
        // ASCII text (every rule in practice) is split by its bytes, which is much quicker
        // than by characters and the same for ASCII.
        let tokens =
            text.utf8.allSatisfy { $0 < 0x80 }
            ? text.utf8.split(whereSeparator: String.isASCIIBlank).map { Substring($0) }
            : text.split(whereSeparator: \.isWhitespace)
        // Nothing at all is not "DTSTART alone": a rule left out by mistake must not pass.
        guard !tokens.isEmpty else { throw .empty }
        for token in tokens {
            let upper = token.uppercased()
            if upper.hasPrefix("RDATE:") || upper.hasPrefix("EXDATE:") {
                let name = upper.hasPrefix("RDATE:") ? "RDATE" : "EXDATE"
                let values = try Self.dateTimes(name, token.dropFirst(name.count + 1), time: start.time)
                if name == "RDATE" { additions += values } else { exclusions += values }
            } else {
                guard rule == nil else {
                    throw RecurrenceRuleError(part: "RRULE", value: String(token), reason: "only one RRULE may be given")
                }
                rule = try RecurrenceRule(parsing: String(token))
            }
        }
        self.init(start: start, rule: rule, additions: additions, exclusions: exclusions)
    }

    private static func dateTimes(_ name: String, _ list: Substring, time: LocalTime) throws(RecurrenceRuleError)
        -> [LocalDateTime]
    {
        var values: [LocalDateTime] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let text = String(item)
            if let value = LocalDateTime(text) {
                values.append(value)
            } else if let date = CivilDate(text) {
                values.append(LocalDateTime(date: date, time: time))
            } else {
                throw RecurrenceRuleError(
                    part: name, value: String(list),
                    reason: "\"\(text)\" is not a date (20270720) or a local date-time (20270720T100000)")
            }
        }
        return values
    }
}
