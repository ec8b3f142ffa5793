extension RecurrenceRule: CustomStringConvertible {
    /// The rule in RFC 5545 form, parts in a fixed order, without the `RRULE:` prefix.
    /// Parsing it gives back an equal rule.
    public var description: String {
        var parts = ["FREQ=\(frequency.code)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        switch until {
        case let .date(date)?:
            parts.append("UNTIL=" + date.description.replacingDashes())
        case let .local(local)?:
            parts.append("UNTIL=" + local.basicFormat)
        case let .utc(instant)?:
            parts.append("UNTIL=" + LocalDateTime(wallSeconds: instant).basicFormat + "Z")
        case nil:
            break
        }
        func add(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append("\(name)=\(Self.joined(values))") }
        }
        add("BYSECOND", bySecond)
        add("BYMINUTE", byMinute)
        add("BYHOUR", byHour)
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        add("BYMONTHDAY", byMonthDay)
        add("BYYEARDAY", byYearDay)
        add("BYWEEKNO", byWeekNumber)
        add("BYMONTH", byMonth)
        add("BYSETPOS", bySetPosition)
        if weekStart != .monday { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }
}

extension String {
    fileprivate func replacingDashes() -> String { String(filter { $0 != "-" }) }
}
