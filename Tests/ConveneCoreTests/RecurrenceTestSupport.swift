import ConveneCore

/// Expands `rule` from `start` in `zone` and returns RFC 3339 strings.
func expand(
    _ rule: String, from start: String, in zone: String = "Europe/London", limit: Int = 20,
    until end: String? = nil
) throws -> [String] {
    let zoneRules = ZoneRules(identifier: zone)!
    let recurrence = try Recurrence(start: LocalDateTime(start)!, properties: rule)
    let to = end.flatMap(CivilDate.init).map { zoneRules.resolve(LocalDateTime(date: $0, time: .midnight)).instant }
    return recurrence.occurrences(in: zoneRules, from: nil, to: to).prefix(limit).map(\.rfc3339)
}

/// The dates only (`2027-02-09`), for rules where the time is not the point.
func dates(_ rule: String, from start: String, limit: Int = 20, until end: String? = nil) throws -> [String] {
    try expand(rule, from: start, limit: limit, until: end).map { String($0.prefix(10)) }
}
