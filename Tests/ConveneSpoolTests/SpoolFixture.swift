import ConveneCore
import ConveneSpool
import ConveneTestSupport

/// A small hand-made county for the message tests: two venues (one without step-free
/// access), two forums whose names have an apostrophe and Welsh letters, and one
/// notification of each kind about meetings in March 2027.
enum SpoolFixture {
    static let zone = ZoneRules(identifier: "Europe/London")!

    static let configuration: Configuration = {
        var builder = ConfigurationBuilder()
        builder.venues = [
            Venue(
                id: "county-hall", name: "County Hall", address: "Spetchley Road, Worcester WR5 2NP", district: "north",
                capacity: 60, stepFree: true,
                accessibility: "Hearing loop in the Council Chamber; blue badge parking by the main entrance."),
            Venue(
                id: "ty-hapus", name: "Tŷ Hapus Family Centre", address: "Heol y Bont, Llanfair", district: "south",
                capacity: 30, stepFree: false,
                accessibility: "Two steps at the front door; a portable ramp is available if you ask us beforehand."),
        ]
        builder.forums = [
            Forum(
                id: "chloes-circle", name: "Chloé's Circle", district: "north",
                contacts: [
                    Contact(name: "Chloé Dubois", email: "chloe@example.org"),
                    Contact(name: "Forum secretary", email: "secretary@chloes-circle.example.org"),
                ],
                availability: []),
            Forum(
                id: "ty-rhieni-llanfair", name: "Tŷ Rhieni Llanfair", district: "south",
                contacts: [Contact(name: "Siân Owen", email: "sian@tyrhieni.example.org")], availability: []),
        ]
        builder.series = [
            MeetingSeries(
                id: "stakeholder-forum", title: "Parent/Carer Stakeholder Forum",
                description:
                    "Parents, carers and the council's SEND team plan services together. Tea, coffee and biscuits provided.",
                recurrence: Recurrence(
                    start: LocalDateTime("2027-01-12T10:00:00")!, rule: try! RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TU")),
                duration: ISODuration(seconds: 7200), venue: "county-hall", online: "https://meet.example.org/stakeholder",
                invited: ["chloes-circle", "ty-rhieni-llanfair"]),
            MeetingSeries(
                id: "send-strategy", title: "SEND Strategy Group",
                recurrence: Recurrence(
                    start: LocalDateTime("2027-01-14T13:00:00")!, rule: try! RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TH")),
                duration: ISODuration(seconds: 5400), venue: "ty-hapus", invited: ["ty-rhieni-llanfair"]),
        ]
        let organisation = Organisation(
            name: "Example County Children's Services", timeZone: zone, region: .englandAndWales,
            organiser: Contact(name: "SEND Participation Team", email: "participation@example.org"))
        return Configuration(
            organisation: organisation, districts: builder.districts, venues: builder.venues,
            forums: builder.forums, series: builder.series)
    }()

    /// A wall time in London, e.g. `"2027-03-09T10:00"`.
    static func at(_ text: String) -> ZonedDateTime { zone.resolve(LocalDateTime(text)!) }

    /// The Stakeholder Forum of Tue 9 March 2027, as its rule has it or as changed.
    static func stakeholderForum(
        start: String = "2027-03-09T10:00", end: String = "2027-03-09T12:00",
        status: Occurrence.Status = .scheduled, reason: String? = nil,
        cannotAttend: [String] = []
    ) -> Occurrence {
        Occurrence(
            uid: "stakeholder-forum-20270309@example.org", series: "stakeholder-forum",
            title: "Parent/Carer Stakeholder Forum", ruleStart: at("2027-03-09T10:00"), start: at(start), end: at(end),
            venue: "county-hall", online: "https://meet.example.org/stakeholder",
            invited: ["chloes-circle", "ty-rhieni-llanfair"], status: status, reason: reason, cannotAttend: cannotAttend)
    }

    static let strategyGroup = Occurrence(
        uid: "send-strategy-20270311@example.org", series: "send-strategy", title: "SEND Strategy Group",
        ruleStart: at("2027-03-11T13:00"), start: at("2027-03-11T13:00"), end: at("2027-03-11T14:30"), venue: "ty-hapus",
        online: nil, invited: ["ty-rhieni-llanfair"], status: .scheduled, reason: nil)

    /// One notification of each kind, with the instant it is written.
    static let cases: [(notification: Notification, writtenAt: Int)] = [
        (
            Notification(
                kind: .invitation, occurrence: stakeholderForum(), forum: "chloes-circle", sequence: 0, lead: nil,
                due: at("2027-02-15T09:00").instant), at("2027-02-15T09:00:07").instant
        ),
        (
            Notification(
                kind: .reminder, occurrence: strategyGroup, forum: "ty-rhieni-llanfair", sequence: 0,
                lead: ISODuration("P2D"), due: at("2027-03-09T13:00").instant), at("2027-03-09T13:00:02").instant
        ),
        (
            Notification(
                kind: .update,
                occurrence: stakeholderForum(
                    start: "2027-03-10T10:00", end: "2027-03-10T12:00", status: .moved,
                    reason: "Moved from Tue 9 Mar to Wed 10 Mar: County Hall is closed for repairs",
                    cannotAttend: ["chloes-circle"]),
                forum: "chloes-circle", sequence: 1, lead: nil, due: at("2027-03-01T11:30").instant),
            at("2027-03-01T11:30:00").instant
        ),
        (
            Notification(
                kind: .cancellation,
                occurrence: stakeholderForum(status: .cancelled, reason: "Cancelled: too few officers are free that day"),
                forum: "ty-rhieni-llanfair", sequence: 1, lead: nil, due: at("2027-03-02T16:45").instant),
            at("2027-03-02T16:45:30").instant
        ),
        (
            Notification(
                kind: .chaser, occurrence: stakeholderForum(), forum: "chloes-circle", sequence: 0,
                lead: ISODuration("P7D"), due: at("2027-03-02T10:00").instant), at("2027-03-02T10:00:04").instant
        ),
    ]

    static func message(_ kind: Notification.Kind) -> String {
        let entry = cases.first { $0.notification.kind == kind }!
        return MessageRenderer(configuration: configuration).render(entry.notification, writtenAt: entry.writtenAt)
    }
}
