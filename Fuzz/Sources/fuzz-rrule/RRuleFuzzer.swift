import ConveneCore
import FuzzSupport

/// Fuzzes the RRULE parser and the expander.
///
/// The input is a rule as `convenectl expand` takes it (`FREQ=MONTHLY;BYDAY=2TU`, or with
/// `RDATE:`/`EXDATE:` properties after it), optionally after a first line
/// `DTSTART:20270112T100000`. A rule that parses must print back to an equal rule, and
/// its expansion in Europe/London over a few years must keep the invariants in
/// `ExpansionCheck`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecurrence(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    var start = LocalDateTime("2027-01-12T10:00:00")!
    var properties = Substring(text)
    if text.uppercased().hasPrefix("DTSTART:") {
        let line = text.prefix { $0 != "\n" }
        properties = text.dropFirst(line.count + 1)
        if let given = LocalDateTime(String(line.dropFirst("DTSTART:".count).trimmingWhitespace())) {
            start = given
        }
    }
    let recurrence: Recurrence
    do {
        let upper = properties.uppercased()
        if upper.contains("RDATE:") || upper.contains("EXDATE:") {
            recurrence = try Recurrence(start: start, properties: String(properties))
        } else {
            recurrence = Recurrence(start: start, rule: try RecurrenceRule(parsing: String(properties)))
        }
    } catch {
        require(!error.description.isEmpty, "a rejected rule has a reason")
        return 0
    }
    if let rule = recurrence.rule {
        let printed = rule.description
        do {
            let reparsed = try RecurrenceRule(parsing: printed)
            require(reparsed == rule, "\(printed) parses to \(reparsed.description), not the rule it was printed from")
        } catch {
            require(false, "\(printed), printed from a valid rule, does not parse: \(error)")
        }
    }
    ExpansionCheck(recurrence: recurrence).run()
    return 0
}
