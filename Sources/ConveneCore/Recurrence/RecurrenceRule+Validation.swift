extension RecurrenceRule {
    /// RFC 5545 §3.3.10's constraints on which parts may be combined, plus values that
    /// can never match anything (a 6th Tuesday of a month).
    func validate() throws(RecurrenceRuleError) {
        if count != nil, until != nil {
            throw RecurrenceRuleError(
                part: "COUNT", value: count.map(String.init) ?? "",
                reason: "COUNT and UNTIL cannot both be given; use one of them")
        }
        if !byWeekNumber.isEmpty, frequency != .yearly {
            throw RecurrenceRuleError(
                part: "BYWEEKNO", value: Self.joined(byWeekNumber),
                reason: "BYWEEKNO is only allowed with FREQ=YEARLY (this rule has FREQ=\(frequency.code))")
        }
        if !byYearDay.isEmpty, [.monthly, .weekly, .daily].contains(frequency) {
            throw RecurrenceRuleError(
                part: "BYYEARDAY", value: Self.joined(byYearDay),
                reason: "BYYEARDAY is not allowed with FREQ=\(frequency.code)")
        }
        if !byMonthDay.isEmpty, frequency == .weekly {
            throw RecurrenceRuleError(
                part: "BYMONTHDAY", value: Self.joined(byMonthDay),
                reason: "BYMONTHDAY is not allowed with FREQ=WEEKLY")
        }
        let ordinals = byDay.compactMap(\.ordinal)
        if !ordinals.isEmpty {
            let text = byDay.map(\.description).joined(separator: ",")
            guard frequency == .monthly || frequency == .yearly else {
                throw RecurrenceRuleError(
                    part: "BYDAY", value: text,
                    reason:
                        "ordinals such as 2TU are only allowed with FREQ=MONTHLY or FREQ=YEARLY (this rule has FREQ=\(frequency.code))"
                )
            }
            if frequency == .yearly, !byWeekNumber.isEmpty {
                throw RecurrenceRuleError(
                    part: "BYDAY", value: text,
                    reason: "ordinals such as 2TU cannot be combined with BYWEEKNO")
            }
            let withinMonth = frequency == .monthly || !byMonth.isEmpty
            if withinMonth, let bad = byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
                throw RecurrenceRuleError(
                    part: "BYDAY", value: text,
                    reason: "\(bad) never matches: a month has at most 5 of each weekday")
            }
        }
        if !bySetPosition.isEmpty, !hasByParts {
            throw RecurrenceRuleError(
                part: "BYSETPOS", value: Self.joined(bySetPosition),
                reason: "BYSETPOS needs another BYxxx part to select from (e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)")
        }
    }

    static func joined(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }
}
