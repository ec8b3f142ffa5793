import Testing

/// A folder under `Fixtures/broken/`: the minimal valid configuration of
/// `Fixtures/valid/minimal` with one deliberate fault, and the one error it must
/// produce, as `FILE:LINE:COLUMN: error: KEYPATH: MESSAGE` relative to the folder.
struct BrokenFixture: Sendable, CustomTestStringConvertible {
    let name: String
    let error: String

    init(_ name: String, _ error: String) {
        self.name = name
        self.error = error
    }

    var testDescription: String { name }

    private static let meeting = "meetings/monthly-forum.toml"
    private static let forum = "forums/north-parents.toml"

    static let all: [BrokenFixture] = mainFile + termDates + forums + meetings

    static let mainFile: [BrokenFixture] = [
        .init(
            "toml-syntax-error",
            #"convened.toml:17:16: error: expected the end of the line after the value of "capacity", found 'p'"#),
        .init(
            "unknown-key",
            #"convened.toml:16:1: error: venue[0].adress: unknown key "adress"; did you mean "address"?"#),
        // Reported where the [[closure]] table starts, as the key is nowhere.
        .init(
            "missing-required-key",
            "convened.toml:20:1: error: closure[0].reason: required key is missing; expected a string"),
        .init(
            "duplicate-venue-id",
            #"convened.toml:21:13: error: venue[1].id: duplicate venue id "town-hall" (first defined at convened.toml:14:13)"#),
        .init(
            "duplicate-district-id",
            #"convened.toml:21:8: error: district[1].id: duplicate district id "north" (first defined at convened.toml:10:8)"#),
        .init(
            "unknown-time-zone",
            #"convened.toml:5:13: error: organisation.timezone: unknown time zone "Europe/Londres"; expected an IANA name such as "Europe/London""#
        ),
        .init(
            "unknown-region",
            #"convened.toml:6:13: error: organisation.region: unknown bank holiday region "wales"; expected one of "england-and-wales", "scotland", "northern-ireland""#
        ),
        .init(
            "months-in-duration",
            #"convened.toml:21:14: error: notifications.reminders[0]: "P1M" is not a duration; expected ISO 8601 such as "PT2H", "PT1H30M", "P2D" or "P1W" (years and months have no fixed length: use days, e.g. "P30D")"#
        ),
        .init(
            "inverted-closure",
            "convened.toml:22:10: error: closure[0].to: the closure ends (2026-12-20) before it starts (2026-12-24)"),
        .init(
            "bad-organiser-email",
            #"convened.toml:7:52: error: organisation.organiser.email: is not an email address: it contains a space or one of < > ( ) [ ] , ; : " \ (write the address alone, without a name); expected name@domain, e.g. participation@example.org"#
        ),
        .init(
            "bad-keep-reasons",
            #"convened.toml:10:16: error: privacy.keep_reasons: "two years" is not a period such as "P2Y", "P18M" or "P90D""#
        ),
        .init(
            "bad-forward-to",
            #"convened.toml:10:14: error: inbox.forward_to: is not an email address: it has no "@"; expected name@domain, e.g. participation@example.org"#
        ),
        .init(
            "bad-officer-email",
            #"convened.toml:12:9: error: officer[0].email: is not an email address: it contains a space or one of < > ( ) [ ] , ; : " \ (write the address alone, without a name); expected name@domain, e.g. send.lead@example.org"#
        ),
        .init(
            "bad-reply-address",
            #"convened.toml:8:17: error: organisation.reply_address: is not an email address: it contains a space or one of < > ( ) [ ] , ; : " \ (write the address alone, without a name); expected name@domain, e.g. answers@example.org"#
        ),
        .init(
            "missing-term-dates-file",
            #"convened.toml:8:14: error: organisation.term_dates: the term dates file "terms.toml" does not exist"#),
        .init(
            "drop-in-unknown-key",
            #"conf.d/50-local.toml:3:1: error: notifications.reminder: unknown key "reminder"; did you mean "reminders"?"#),
    ]

    static let termDates: [BrokenFixture] = [
        .init(
            "inverted-term",
            "term-dates.toml:10:9: error: term[1].end: the term ends (2026-03-25) before it starts (2027-01-05)"),
        .init(
            "overlapping-terms",
            #"term-dates.toml:7:1: error: term[1]: term "Spring 2027" (2026-12-14–2027-03-25) overlaps "Autumn 2026" (2026-09-03–2026-12-18)"#
        ),
        // Both ends of a term are inclusive, so a shared day is an overlap.
        .init(
            "terms-sharing-a-day",
            #"term-dates.toml:7:1: error: term[1]: term "Spring 2027" (2026-12-18–2027-03-25) overlaps "Autumn 2026" (2026-09-03–2026-12-18)"#
        ),
        .init(
            "half-term-outside-term",
            "term-dates.toml:5:13: error: term[0].half_term: half-term 2026-12-21–2026-12-24 is not inside the term 2026-09-03–2026-12-18"
        ),
    ]

    static let forums: [BrokenFixture] = [
        .init(
            "unknown-district-in-forum",
            #"\#(forum):2:12: error: district: unknown district "riverside"; known: north"#),
        .init(
            "bad-email",
            #"\#(forum):4:33: error: contacts[0].email: is not an email address: it has no "@"; expected name@domain, e.g. participation@example.org"#
        ),
        .init(
            "availability-ends-before-start",
            "\(forum):10:8: error: available[0].to: the window ends (09:30) before or when it starts (14:30)"),
        .init(
            "invalid-weekday-in-window",
            #"\#(forum):8:15: error: available[0].days[1]: "WED" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU"#),
        // The file as a whole is at fault, so there is no line, column or key path.
        .init(
            "invalid-forum-file-name",
            #"forums/Bad Name.toml: error: the file name gives the id, and "Bad Name" must start with a letter a–z, not upper-case "B"; …"#
        ),
    ]

    static let meetings: [BrokenFixture] = [
        .init(
            "unknown-venue",
            #"\#(meeting):6:12: error: venue: unknown venue "town-hal"; did you mean "town-hall"?"#),
        .init(
            "unknown-forum-in-invite",
            #"\#(meeting):7:13: error: invite[0]: unknown forum "riverside-carers"; known: north-parents (an entry is "*", "district:<id>" or a forum id)"#
        ),
        .init(
            "unknown-district-in-invite",
            #"\#(meeting):7:13: error: invite[0]: unknown district "riverside"; known: north"#),
        .init(
            "invalid-rrule-part",
            #"\#(meeting):2:12: error: rrule: invalid rule: BYDAY=2XX: "2XX" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 2TU or -1FR"#
        ),
        .init(
            "byweekno-monthly",
            "\(meeting):2:12: error: rrule: invalid rule: BYWEEKNO=20: BYWEEKNO is only allowed with FREQ=YEARLY (this rule has FREQ=MONTHLY)"
        ),
        .init(
            "count-with-until",
            "\(meeting):2:12: error: rrule: invalid rule: COUNT=10: COUNT and UNTIL cannot both be given; use one of them"),
        .init(
            "invalid-time",
            #"\#(meeting):4:12: error: start: "25:00" is not a time of day; expected HH:MM on the 24-hour clock, such as "10:00" or "18:30""#
        ),
        // No "years and months" hint: "2 hours" has neither.
        .init(
            "invalid-duration",
            #"\#(meeting):5:12: error: duration: "2 hours" is not a duration; expected ISO 8601 such as "PT2H", "PT1H30M", "P2D" or "P1W""#
        ),
        .init(
            "meeting-longer-than-a-day",
            "\(meeting):5:12: error: duration: P2D is out of range; a meeting lasts more than zero and at most one day (P1D)"),
        .init(
            "empty-month",
            "\(meeting):2:12: error: rrule: FREQ=MONTHLY;BYDAY=5FR gives no date in November 2026 (and … more months in the next 10 years); for the last such weekday use -1 (e.g. -1FR); set allow_empty_months = true if months without a meeting are intended"
        ),
        .init(
            "non-https-link",
            #"\#(meeting):7:12: error: online: "http://meet.example.org/monthly" is not an https:// link (expected e.g. "https://meet.example.org/stakeholder")"#
        ),
        .init(
            "term-time-only-without-term-dates",
            "\(meeting):8:18: error: term_time_only: term_time_only needs school term dates: set organisation.term_dates"),
        // The file as a whole is at fault: its position is 1:1 and there is no key path.
        .init(
            "no-venue-or-online",
            "\(meeting):1:1: error: a meeting needs a venue, an online link, or both"),
        .init(
            "wrong-type",
            #"\#(meeting):8:12: error: priority: expected a whole number from 0 to 100, found string "high""#),
        .init(
            "unknown-closed-day-policy",
            #"\#(meeting):8:13: error: on_closed: "later" is not a closed-day policy; expected "skip", "before" or "after""#),
    ]
}
