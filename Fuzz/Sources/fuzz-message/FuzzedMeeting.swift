import ConveneCore

/// A notification about one meeting, its words taken from fuzz input: a configuration
/// of one organisation, venue, forum and series, and the occurrence it is about.
///
/// The input is fields separated by 0xFF (a byte UTF-8 never uses): first a few
/// bytes that choose the kind, the time and what is present, then the free text in
/// the order of `Text`. Each text is cut to the length the configuration allows;
/// control characters and line breaks are left in, since a reason comes from the
/// control API and the writer must cope with them anyway.
struct FuzzedMeeting {
    /// The free text that reaches a message, in input order, with its longest length.
    enum Text: Int, CaseIterable {
        case title, description, forumName, venueName, venueAddress, accessibility, online, reason
        case organiserName, organiserEmail, organisationName, firstContactName, firstContactEmail
        case secondContactName, secondContactEmail

        var maximumLength: Int {
            switch self {
            case .description, .online: 2000
            case .accessibility: 1000
            case .organiserEmail, .firstContactEmail, .secondContactEmail: 254
            default: 500
            }
        }
    }

    static let zone = ZoneRules(identifier: "Europe/London")!
    static let forumID = "north-parents"
    static let seriesID = "stakeholder-forum"
    static let venueID = "county-hall"

    let kind: Notification.Kind
    let texts: [Text: String]
    let configuration: Configuration
    let notification: Notification
    let writtenAt: Int
    /// The venue as the configuration has it; nil when the meeting is online only or
    /// names a venue the configuration no longer has.
    let venue: Venue?

    init(_ fields: [ArraySlice<UInt8>]) {
        let choices = Array(fields.first ?? [])
        func choice(_ index: Int) -> Int { index < choices.count ? Int(choices[index]) : 0 }
        var texts: [Text: String] = [:]
        for text in Text.allCases {
            let index = text.rawValue + 1
            let value = index < fields.count ? String(decoding: fields[index], as: UTF8.self) : ""
            texts[text] = String(value.prefix(text.maximumLength))
        }
        self.texts = texts
        kind = Notification.Kind.allCases[choice(0) % Notification.Kind.allCases.count]
        let flags = choice(1)
        // Any day of 2027 and 2028, at any minute: spring-forward gaps and autumn folds included.
        let day = CivilDate(year: 2027, month: 1, day: 1)!.adding(days: (choice(2) << 8 | choice(3)) % 731)
        let minute = (choice(4) << 8 | choice(5)) % 1440
        let wall = LocalDateTime(date: day, time: LocalTime(hour: minute / 60, minute: minute % 60, second: 0)!)
        let start = Self.zone.resolve(wall)
        let end = Self.zone.zoned(instant: start.instant + 60 * (15 + choice(6) * 6))
        writtenAt = start.instant - 3_600 * choice(7) * 4

        let email = { (text: Text, fallback: String) in
            let address = texts[text] ?? ""
            return Self.isPlausibleEmail(address) ? address : fallback
        }
        let organiser = Contact(name: texts[.organiserName]!, email: email(.organiserEmail, "participation@example.org"))
        var contacts = [Contact(name: texts[.firstContactName]!, email: email(.firstContactEmail, "secretary@example.org"))]
        if flags & 1 != 0 {
            contacts.append(Contact(name: texts[.secondContactName]!, email: email(.secondContactEmail, "chair@example.org")))
        }
        let venue =
            flags & 2 == 0
            ? nil
            : Venue(
                id: Self.venueID, name: texts[.venueName]!, address: Self.optional(texts[.venueAddress]!), district: "north",
                capacity: 30, stepFree: flags & 4 != 0, accessibility: Self.optional(texts[.accessibility]!))
        let venueID = flags & 2 != 0 || flags & 8 != 0 ? Self.venueID : nil
        let online = Self.optional(texts[.online]!)
        let series = MeetingSeries(
            id: Self.seriesID, title: texts[.title]!, description: Self.optional(texts[.description]!),
            recurrence: Recurrence(start: wall, rule: nil), duration: ISODuration(seconds: end.instant - start.instant),
            venue: venueID, online: online, invited: [Self.forumID])
        let forum = Forum(id: Self.forumID, name: texts[.forumName]!, district: "north", contacts: contacts, availability: [])
        let organisation = Organisation(
            name: texts[.organisationName]!, timeZone: Self.zone, region: .englandAndWales,
            organiser: organiser)
        configuration = Configuration(
            organisation: organisation, districts: [District(id: "north", name: "North")],
            venues: venue.map { [$0] } ?? [], forums: [forum], series: [series])
        self.venue = venue
        let occurrence = Occurrence(
            uid: OccurrenceID(series: Self.seriesID, ruleDate: day, domain: organisation.uidDomain).description,
            series: Self.seriesID, title: series.title, ruleStart: start, start: start, end: end, venue: venueID,
            online: online, invited: [Self.forumID], status: kind == .cancellation ? .cancelled : .scheduled,
            reason: Self.optional(texts[.reason]!), cannotAttend: flags & 16 != 0 ? [Self.forumID] : [])
        notification = Notification(
            kind: kind, occurrence: occurrence, forum: Self.forumID, sequence: choice(8),
            lead: nil, due: writtenAt)
    }

    /// Empty or blank text counts as absent, as the writer takes it.
    private static func optional(_ text: String) -> String? {
        text.allSatisfy(\.isWhitespace) ? nil : text
    }

    /// What the configuration accepts as an address (`EmailAddress` in ConveneConfig).
    private static func isPlausibleEmail(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Array("<>()[],;:\"\\".utf8).contains($0) }) else {
            return false
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".")
    }
}
