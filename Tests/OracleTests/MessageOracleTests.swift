import ConveneCore
import ConveneSpool
import ConveneTestSupport
import Foundation
import Testing

/// Convene's notification messages as Python's `email` package (policy=default) and
/// the `icalendar` package (pinned in Oracles/requirements.txt) read them: every kind,
/// for meetings on each side of the 2027 clock changes in London, must parse without
/// defects to exactly what was scheduled.
@Suite(.runsOnBlockingThreads) struct MessageOracleTests {
    /// What message_oracle.py prints for one message.
    struct Parsed: Decodable {
        struct Address: Decodable, Equatable {
            let name: String
            let address: String
        }
        struct Part: Decodable, Equatable {
            let contentType: String
            let charset: String?
            let method: String?
            let transferEncoding: String?
        }
        struct CalendarAddress: Decodable, Equatable {
            let address: String
            let cn: String
            let role: String
            let partstat: String
            let rsvp: String
        }
        struct Alarm: Decodable, Equatable {
            let action: String
            let triggerSeconds: Int
            let description: String
        }
        struct Calendar: Decodable {
            let method, prodid, version, uid: String
            let timezones: [String]
            let sequence, dtstamp, dtstart, dtend, dtstartByVTimezone, dtendByVTimezone: Int
            let summary, description, location, url, status: String
            let hasRecurrenceID: Bool
            let organizer: CalendarAddress
            let attendees: [CalendarAddress]
            let alarms: [Alarm]
            let longestLineOctets: Int
            let endsWithCRLF: Bool
        }
        let isASCII: Bool
        let from, to: [Address]
        let subject: String
        let date, dateOffset: Int
        let messageID, mimeVersion, kind, occurrence, contentType: String
        let parts: [Part]
        let text: String?
        let calendar: Calendar?
        let defects: [String]
    }

    static let zone = ZoneRules(identifier: "Europe/London")!
    static func at(_ text: String) -> ZonedDateTime { zone.resolve(LocalDateTime(text)!) }

    /// A forum with an apostrophe and an accent, one with Welsh letters and no contacts
    /// at all, and an organiser whose name needs encoding too.
    static let configuration: Configuration = {
        var builder = ConfigurationBuilder()
        builder.venues = [
            Venue(
                id: "county-hall", name: "County Hall", address: "Spetchley Road, Worcester", district: "north",
                capacity: 60, stepFree: true, accessibility: "Hearing loop; lifts to every floor."),
            Venue(
                id: "ty-hapus", name: "Canolfan Deulu Tŷ Hapus, Llanfairpwllgwyngyll", district: "south",
                capacity: 30, stepFree: false),
        ]
        builder.forums = [
            Forum(
                id: "chloes-circle", name: "Chloé's Circle", district: "north",
                contacts: [
                    Contact(name: "Chloé O'Neill", email: "chloe@example.org"),
                    Contact(name: "Secretary, \"North\"", email: "north@example.org"),
                ], availability: []),
            Forum(id: "ty-rhieni-llanfair", name: "Tŷ Rhieni Llanfair", district: "south", contacts: [], availability: []),
        ]
        let organisation = Organisation(
            name: "Example County Children's Services", timeZone: zone, region: .englandAndWales,
            organiser: Contact(name: "Tîm Cyfranogiad / Participation Team", email: "participation@example.org"),
            uidDomain: "convene.example.org")
        return Configuration(
            organisation: organisation, districts: builder.districts, venues: builder.venues,
            forums: builder.forums, series: [])
    }()

    /// Meetings the Friday before and the Monday after clocks go forward (28 March
    /// 2027), and the Friday before and Monday after they go back (31 October).
    static let occurrences: [Occurrence] = [
        ("2027-03-26T10:00", "county-hall", "Parent/Carer Stakeholder Forum"),
        ("2027-03-29T10:00", "ty-hapus", "Fforwm Rhieni a Gofalwyr: Cynllunio’r Gwasanaethau Gyda’n Gilydd"),
        ("2027-10-29T13:30", "county-hall", "SEND Strategy Group"),
        ("2027-11-01T09:30", nil, "Online Drop-in"),
    ].map { start, venue, title in
        let begins = at(start)
        return Occurrence(
            uid: "meeting-\(begins.local.date.description)@convene.example.org", series: "meeting",
            title: title, ruleStart: begins, start: begins, end: zone.adding(ISODuration(seconds: 7200), to: begins),
            venue: venue, online: venue == "ty-hapus" ? nil : "https://meet.example.org/join?id=42&x=y",
            invited: ["chloes-circle", "ty-rhieni-llanfair"], status: .scheduled, reason: nil)
    }

    /// Every kind for every occurrence, to each forum, written 20 days before it starts.
    static let cases: [(notification: ConveneCore.Notification, writtenAt: Int)] = occurrences.flatMap { occurrence in
        ConveneCore.Notification.Kind.allCases.enumerated().map { index, kind in
            let forum = index % 2 == 0 ? "chloes-circle" : "ty-rhieni-llanfair"
            let notification = ConveneCore.Notification(
                kind: kind, occurrence: occurrence, forum: forum,
                sequence: [.invitation, .reminder, .chaser].contains(kind) ? 0 : index,
                lead: kind == .reminder ? ISODuration(days: 14) : kind == .chaser ? ISODuration(days: 7) : nil,
                due: occurrence.start.instant - 20 * 86_400)
            return (notification, notification.due + 17)
        }
    }

    static let subjectPrefix: [ConveneCore.Notification.Kind: String] = [
        .invitation: "Invitation: ", .reminder: "Reminder: ", .chaser: "Can you come? ", .update: "Changed: ",
        .cancellation: "Cancelled: ",
    ]

    @Test func everyKindOnEachSideOfTheClockChangesParsesToWhatWasScheduled() throws {
        let renderer = MessageRenderer(configuration: Self.configuration)
        let messages = Self.cases.map { renderer.render($0.notification, writtenAt: $0.writtenAt) }
        let input = String(decoding: try JSONEncoder().encode(messages), as: UTF8.self)
        let output = try PythonOracle.run("message_oracle.py", input: input)
        let parsed = try JSONDecoder().decode([Parsed].self, from: Data(output.utf8))
        try #require(parsed.count == Self.cases.count)
        for ((notification, writtenAt), message) in zip(Self.cases, parsed) {
            check(message, notification, writtenAt)
        }
    }

    private func check(_ message: Parsed, _ notification: ConveneCore.Notification, _ writtenAt: Int) {
        let label = Comment(rawValue: "\(notification.kind.rawValue) of \(notification.occurrence.start)")
        let occurrence = notification.occurrence
        let organisation = Self.configuration.organisation
        let forum = Self.configuration.forum(notification.forum)!
        let venue = occurrence.venue.flatMap { Self.configuration.venue($0) }
        let isCancel = notification.kind == .cancellation
        #expect(message.defects.isEmpty, label)
        #expect(message.isASCII, label)
        #expect(message.from == [.init(name: organisation.organiser.name, address: organisation.organiser.email)], label)
        #expect(message.to == forum.contacts.map { .init(name: $0.name, address: $0.email) }, label)
        let date = occurrence.start.local.date
        let when =
            "\(date.weekday.shortName) \(date.day) \(DayText.monthName(date.month)), \(DayText.time(occurrence.start.local.time))"
        let now = notification.kind == .update ? "now " : ""
        #expect(
            message.subject == Self.subjectPrefix[notification.kind]!
                + "\(occurrence.title), \(now)\(when), \(venue?.name ?? "online")", label)
        #expect(message.date == writtenAt, label)
        #expect(message.dateOffset == Self.zone.offset(atInstant: writtenAt), label)
        #expect(message.messageID == "<\(notification.id).\(notification.forum)@convene.example.org>", label)
        #expect(message.mimeVersion == "1.0" && message.contentType == "multipart/alternative", label)
        #expect(message.kind == notification.kind.rawValue && message.occurrence == occurrence.uid, label)
        let method = isCancel ? "CANCEL" : "REQUEST"
        #expect(
            message.parts == [
                .init(contentType: "text/plain", charset: "utf-8", method: nil, transferEncoding: "quoted-printable"),
                .init(contentType: "text/calendar", charset: "utf-8", method: method, transferEncoding: "quoted-printable"),
            ], label)

        let text = message.text ?? ""
        // The letter wraps its lines; its facts are compared with the wrapping undone.
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.hasPrefix("Dear \(forum.name),\r\n"), label)
        #expect(flat.contains(occurrence.title), label)
        #expect(flat.contains("\(date.weekday.name) \(date.day) \(DayText.monthName(date.month)) \(date.year)"), label)
        #expect(flat.contains(venue?.name ?? "Online"), label)
        if let address = venue?.address { #expect(flat.contains(address), label) }
        if let online = occurrence.online, !isCancel { #expect(flat.contains(online), label) }
        #expect(flat.contains(organisation.organiser.email), label)
        #expect(text.split(separator: "\r\n").allSatisfy { $0.count <= 78 }, label)
        let bareBreaks = text.replacingOccurrences(of: "\r\n", with: "").unicodeScalars.filter { $0 == "\r" || $0 == "\n" }
        #expect(bareBreaks.isEmpty, label)

        guard let calendar = message.calendar else {
            Issue.record("no calendar part: \(label)")
            return
        }
        #expect(calendar.method == method && calendar.version == "2.0" && !calendar.prodid.isEmpty, label)
        #expect(calendar.timezones == ["Europe/London"], label)
        #expect(calendar.uid == occurrence.uid && calendar.sequence == notification.sequence, label)
        #expect(calendar.dtstamp == writtenAt, label)
        #expect(calendar.dtstart == occurrence.start.instant && calendar.dtend == occurrence.end.instant, label)
        #expect(calendar.dtstartByVTimezone == occurrence.start.instant, label)
        #expect(calendar.dtendByVTimezone == occurrence.end.instant, label)
        #expect(calendar.summary == occurrence.title, label)
        #expect(calendar.location.hasPrefix(venue?.name ?? "Online"), label)
        #expect(calendar.url == (occurrence.online ?? ""), label)
        #expect(calendar.status == (isCancel ? "CANCELLED" : "CONFIRMED"), label)
        #expect(!calendar.hasRecurrenceID, label)
        #expect(calendar.organizer.address == "mailto:\(organisation.replyAddress)", label)
        #expect(calendar.organizer.cn == organisation.organiser.name, label)
        #expect(
            calendar.attendees
                == forum.contacts.map {
                    // A double quote cannot appear in a parameter value; it is written as an apostrophe.
                    .init(
                        address: "mailto:\($0.email)", cn: $0.name.replacingOccurrences(of: "\"", with: "'"),
                        role: "REQ-PARTICIPANT", partstat: "NEEDS-ACTION", rsvp: isCancel ? "FALSE" : "TRUE")
                }, label)
        #expect(calendar.alarms.map(\.triggerSeconds) == (isCancel ? [] : [-86_400]), label)
        #expect(calendar.alarms.allSatisfy { $0.action == "DISPLAY" && !$0.description.isEmpty }, label)
        #expect(calendar.longestLineOctets <= 75 && calendar.endsWithCRLF, label)
    }

    @Test func theMeetingsReallyStraddleTheClockChanges() {
        let offsets = Self.occurrences.map { Self.zone.offset(atInstant: $0.start.instant) }
        #expect(offsets == [0, 3600, 3600, 0])
    }
}
