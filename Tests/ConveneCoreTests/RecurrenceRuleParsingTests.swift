import ConveneCore
import Testing

/// Parsing RRULE text: every part accepted, and each kind of mistake rejected with
/// the part named.
@Suite struct RecurrenceRuleParsingTests {
    @Test func everyPartIsReadAndWrittenBackTheSame() throws {
        let text =
            "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYSECOND=0,30;BYMINUTE=15;BYHOUR=9,18;BYDAY=MO,-1FR;"
            + "BYMONTHDAY=1,-1;BYMONTH=1,7;BYSETPOS=1,-1;WKST=SU"
        let rule = try RecurrenceRule(parsing: "RRULE:" + text)
        #expect(rule.frequency == .yearly)
        #expect(rule.interval == 2)
        #expect(rule.count == 10)
        #expect(rule.byDay == [.init(.monday), .init(.friday, ordinal: -1)])
        #expect(rule.byMonthDay == [-1, 1])
        #expect(rule.weekStart == .sunday)
        #expect(try RecurrenceRule(parsing: rule.description) == rule)
    }

    @Test func partNamesAndValuesAreCaseInsensitive() throws {
        #expect(try RecurrenceRule(parsing: "freq=monthly;byday=2tu") == RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TU"))
    }

    @Test func untilTakesADateALocalTimeOrAUtcTime() throws {
        #expect(
            try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270731").until == .date(CivilDate(year: 2027, month: 7, day: 31)!))
        #expect(
            try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270731T235959").until == .local(LocalDateTime("2027-07-31T23:59:59")!)
        )
        #expect(
            try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270731T225959Z").until
                == .utc(instant: LocalDateTime("2027-07-31T22:59:59")!.wallSeconds))
    }

    static let invalid: [(rule: String, part: String, says: String)] = [
        ("", "RRULE", "empty"),
        ("BYDAY=MO", "FREQ", "required"),
        ("FREQ=FORTNIGHTLY", "FREQ", "YEARLY, MONTHLY"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL", "positive"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL", "positive"),
        ("FREQ=DAILY;COUNT=-1", "COUNT", "from 1 to 100000"),
        // Counting to a far window would walk every second of years (found by fuzz-rrule).
        ("FREQ=SECONDLY;COUNT=420280229", "COUNT", "from 1 to 100000"),
        ("FREQ=DAILY;UNTIL=2027-07-31", "UNTIL", "expected a date"),
        ("FREQ=DAILY;BYSECOND=60", "BYSECOND", "0 to 59"),
        ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE", "0 to 59"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR", "0 to 23"),
        ("FREQ=MONTHLY;BYDAY=2XX", "BYDAY", "not a weekday"),
        ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY", "invalid ordinal"),
        ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY", "at most 5"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY", "1 to 31"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY", "1 to 31"),
        ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY", "1 to 366"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO", "1 to 53"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH", "1 to 12"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS", "1 to 366"),
        ("FREQ=WEEKLY;WKST=XX", "WKST", "weekday"),
        ("FREQ=DAILY;BYFORTNIGHT=1", "BYFORTNIGHT", "unknown rule part"),
        ("FREQ=DAILY;BYHOUR=9;BYHOUR=10", "BYHOUR", "more than once"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101", "COUNT", "cannot both"),
        ("FREQ=MONTHLY;BYWEEKNO=2", "BYWEEKNO", "only allowed with FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY", "not allowed with FREQ=MONTHLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY", "not allowed with FREQ=WEEKLY"),
        ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY", "only allowed with FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", "BYDAY", "cannot be combined with BYWEEKNO"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS", "needs another BYxxx part"),
        ("FREQ=DAILY;BYHOUR", "BYHOUR", "NAME=VALUE"),
        ("FREQ=DAILY;BYHOUR=9,,10", "BYHOUR", "empty item"),
    ]

    @Test(arguments: invalid)
    func anInvalidRuleNamesThePartAtFault(rule: String, part: String, says: String) {
        #expect {
            try RecurrenceRule(parsing: rule)
        } throws: { error in
            guard let error = error as? RecurrenceRuleError else { return false }
            return error.part == part && error.description.contains(says)
        }
    }
}
