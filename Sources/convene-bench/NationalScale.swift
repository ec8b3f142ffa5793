import ConveneCore

/// A generated national-scale configuration: `authorities` councils, each with six
/// districts, 24 forums and the 26 series a children's services department runs
/// (the shipped example's mix, with days and times varied per council so rules differ).
enum NationalScale {
    /// One series template: the rule, start time, duration and whom it invites.
    struct Template {
        let id: String
        let title: String
        let rule: String
        let start: LocalTime
        let minutes: Int
        let invite: Invitees
        let exclusions: [String]

        init(
            _ id: String, _ title: String, _ rule: String, _ start: String, _ minutes: Int, _ invite: Invitees,
            exclusions: [String] = []
        ) {
            self.id = id
            self.title = title
            self.rule = rule
            self.start = LocalTime(start)!
            self.minutes = minutes
            self.invite = invite
            self.exclusions = exclusions
        }
    }

    enum Invitees {
        case all, some(Int), district(Int)
    }

    static let weekdays = ["MO", "TU", "WE", "TH", "FR"]

    /// The 26 series of council `n`; `n` shifts weekdays and ordinals.
    static func templates(for n: Int) -> [Template] {
        func day(_ k: Int) -> String { weekdays[(n + k) % 5] }
        var list: [Template] = [
            Template("stakeholder-forum", "Parent/Carer Stakeholder Forum", "FREQ=MONTHLY;BYDAY=2\(day(1))", "10:00", 120, .all),
            Template(
                "send-strategy-board", "SEND Strategy Board", "FREQ=MONTHLY;INTERVAL=2;BYDAY=3\(day(2))", "14:00", 120, .some(4)),
            Template("ehcp-coproduction", "EHC Plan Co-production Group", "FREQ=MONTHLY;BYDAY=1\(day(3))", "10:00", 90, .some(7)),
            Template(
                "preparing-for-adulthood", "Preparing for Adulthood", "FREQ=MONTHLY;BYDAY=-1TH", "18:30", 90, .some(11),
                exclusions: ["20261231"]),
            Template(
                "local-offer-review", "Local Offer Review", "FREQ=YEARLY;BYMONTH=1,4,7,10;BYDAY=3\(day(4))", "10:00", 120, .all),
            Template(
                "training-day", "Parent Training Session", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "09:30", 180,
                .some(24)),
            Template(
                "transport-panel", "Home to School Transport Panel", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=\(10 + n % 15)", "13:00",
                90, .some(5)),
            Template(
                "health-liaison", "Health and SEND Liaison", "FREQ=WEEKLY;INTERVAL=4;BYDAY=\(day(0))", "15:30", 60, .some(6)),
        ]
        for district in 0..<6 {
            list.append(
                Template(
                    "district-\(district + 1)-drop-in", "District \(district + 1) Drop-in",
                    "FREQ=MONTHLY;BYDAY=\(2 + district % 2)\(day(district))", "09:45", 90, .district(district)))
            list.append(
                Template(
                    "district-\(district + 1)-coffee", "District \(district + 1) Coffee Morning",
                    "FREQ=WEEKLY;INTERVAL=2;BYDAY=\(day(district + 2))", "13:00", 60, .district(district)))
        }
        list.append(
            Template("annual-conference", "Annual SEND Conference", "FREQ=YEARLY;BYMONTH=6;BYDAY=-1SA", "10:00", 300, .all))
        list.append(
            Template("summer-activities", "Summer Activities Planning", "FREQ=DAILY;INTERVAL=14;COUNT=20", "11:00", 60, .some(8)))
        list.append(Template("tribunal-clinic", "Tribunal Advice Clinic", "FREQ=MONTHLY;BYMONTHDAY=-1", "12:00", 60, .some(3)))
        list.append(
            Template(
                "short-breaks-review", "Short Breaks Review", "FREQ=MONTHLY;INTERVAL=4;BYDAY=2\(day(3))", "13:30", 90, .some(10)))
        list.append(
            Template(
                "inclusion-forum", "Inclusion Forum", "FREQ=MONTHLY;BYMONTH=1,3,5,7,9,11;BYDAY=1\(day(4))", "18:00", 120,
                .some(12)))
        list.append(
            Template(
                "youth-voice", "Youth Voice Panel", "FREQ=MONTHLY;BYDAY=4\(day(1));BYMONTH=1,2,3,4,5,6,9,10,11,12", "16:30", 90,
                .some(9)))
        return list
    }

    /// The whole configuration, in Europe/London with England and Wales bank holidays.
    static func configuration(authorities: Int) -> Configuration {
        var districts: [District] = []
        var venues: [Venue] = []
        var forums: [Forum] = []
        var series: [MeetingSeries] = []
        let dtstart = CivilDate(year: 2026, month: 9, day: 1)!
        for n in 0..<authorities {
            let prefix = "la\(n + 1)"
            for d in 0..<6 {
                districts.append(District(id: "\(prefix)-d\(d + 1)", name: "Authority \(n + 1) district \(d + 1)"))
                venues.append(
                    Venue(
                        id: "\(prefix)-venue-\(d + 1)", name: "Authority \(n + 1) venue \(d + 1)",
                        district: "\(prefix)-d\(d + 1)", capacity: d == 0 ? 80 : 40, stepFree: d != 5))
            }
            let forumIDs = (0..<24).map { "\(prefix)-forum-\($0 + 1)" }
            for (f, id) in forumIDs.enumerated() {
                let window =
                    f % 3 == 0
                    ? AvailabilityWindow(days: [.tuesday, .thursday], from: LocalTime("18:00")!, to: LocalTime("21:00")!)
                    : AvailabilityWindow(
                        days: [.monday, .tuesday, .wednesday, .thursday], from: LocalTime("09:30")!, to: LocalTime("14:30")!)
                forums.append(
                    Forum(
                        id: id, name: "Authority \(n + 1) forum \(f + 1)", district: "\(prefix)-d\(f / 4 + 1)",
                        contacts: [Contact(name: "Secretary", email: "forum\(f + 1)@la\(n + 1).example.org")],
                        availability: [window]))
            }
            for (t, template) in templates(for: n).enumerated() {
                let rule = try! RecurrenceRule(parsing: template.rule)
                let start = firstDate(of: rule, from: dtstart, at: template.start)
                let invited: [String]
                switch template.invite {
                case .all: invited = forumIDs
                case .some(let k): invited = Array(forumIDs.prefix(k))
                case .district(let d): invited = Array(forumIDs[(d * 4)..<(d * 4 + 4)])
                }
                let exclusions = template.exclusions.compactMap { CivilDate($0) }.map {
                    LocalDateTime(date: $0, time: template.start)
                }
                series.append(
                    MeetingSeries(
                        id: "\(prefix)-\(template.id)", title: template.title,
                        recurrence: Recurrence(start: start, rule: rule, exclusions: exclusions),
                        duration: ISODuration(seconds: template.minutes * 60),
                        venue: "\(prefix)-venue-\(venueNumber(template, t))",
                        invited: invited, priority: 100 - t * 3, onClosed: t % 3 == 0 ? .after : t % 3 == 1 ? .before : .skip,
                        termTimeOnly: t % 2 == 0))
            }
        }
        return Configuration(
            organisation: Organisation(
                name: "National scale", timeZone: ZoneRules(identifier: "Europe/London")!,
                region: .englandAndWales,
                organiser: Contact(name: "Participation", email: "participation@example.org")),
            districts: districts, venues: venues, forums: forums, series: series, terms: terms,
            closures: [
                Closure(
                    from: CivilDate(year: 2026, month: 12, day: 24)!, to: CivilDate(year: 2027, month: 1, day: 1)!,
                    reason: "Offices closed"),
                Closure(
                    from: CivilDate(year: 2027, month: 12, day: 24)!, to: CivilDate(year: 2027, month: 12, day: 31)!,
                    reason: "Offices closed"),
            ])
    }

    /// English school terms for 2026/27 and 2027/28, as in the shipped example.
    static let terms: TermCalendar = {
        func term(_ name: String, _ start: String, _ end: String, _ half: (String, String)) -> TermCalendar.Term {
            TermCalendar.Term(
                name: name, start: CivilDate(start)!, end: CivilDate(end)!, halfTerm: CivilDate(half.0)!...CivilDate(half.1)!)
        }
        return TermCalendar(terms: [
            term("Autumn 2026", "2026-09-03", "2026-12-18", ("2026-10-26", "2026-10-30")),
            term("Spring 2027", "2027-01-05", "2027-03-25", ("2027-02-15", "2027-02-19")),
            term("Summer 2027", "2027-04-12", "2027-07-21", ("2027-05-31", "2027-06-04")),
            term("Autumn 2027", "2027-09-02", "2027-12-17", ("2027-10-25", "2027-10-29")),
            term("Spring 2028", "2028-01-04", "2028-03-31", ("2028-02-14", "2028-02-18")),
            term("Summer 2028", "2028-04-18", "2028-07-21", ("2028-05-29", "2028-06-02")),
        ])
    }()

    /// Meetings of all forums are at the authority's large venue; the rest spread out.
    static func venueNumber(_ template: Template, _ index: Int) -> Int {
        switch template.invite {
        case .all: 1
        case .district(let d): d + 1
        case .some(let forums): forums > 12 ? 1 : index % 6 + 1
        }
    }

    /// The first date on or after `date` that the rule gives, so DTSTART is an instance.
    static func firstDate(of rule: RecurrenceRule, from date: CivilDate, at time: LocalTime) -> LocalDateTime {
        var probe = rule
        probe.count = nil
        probe.until = nil
        let start = LocalDateTime(date: date.adding(days: -1), time: time)
        var instances = Recurrence(start: start, rule: probe).occurrences(in: .utc).makeIterator()
        _ = instances.next()
        let second = instances.next()!
        return LocalDateTime(date: second.local.date, time: time)
    }
}
