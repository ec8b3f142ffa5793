import ConveneCore

/// The co-production record's messages as RFC 5322 text: an officer's reminder of an
/// action, and a forum's monthly "You said, we did" digest in plain English, with dates
/// written out and no ids or codes (parents read it, often on a phone).
///
/// Like `MessageRenderer`, the output depends on nothing but its inputs, so a message
/// written again after a crash is the same, byte for byte.
public struct RecordLetter: Sendable {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// A meeting as the letters name it.
    public struct Meeting: Sendable {
        public let title: String
        public let date: CivilDate

        public init(title: String, date: CivilDate) {
            self.title = title
            self.date = date
        }
    }

    /// The whole message, CRLF line ends. `meetings` names each item's meeting by UID;
    /// `toldUpTo` is the serial of the last change the forum's previous letter told, if it
    /// had one.
    public func render(
        _ message: RecordMessage, items: [Item], meetings: [String: Meeting], writtenAt: Int, toldUpTo: Int? = nil
    ) -> String {
        let zone = configuration.organisation.timeZone
        let today = zone.zoned(instant: writtenAt).local.date
        let to: [Contact]
        let subject: String
        let lines: [String]
        switch message.kind {
        case .digest:
            let forum = configuration.forum(message.recipient)
            to = forum?.contacts ?? []
            let month = message.month ?? today
            subject = "You said, we did: \(DayText.monthName(month.month)) \(month.year)"
            lines = digest(
                forumID: message.recipient, forumName: forum?.name ?? "forum", items: items, meetings: meetings,
                today: today, toldUpTo: toldUpTo)
        case .dueSoon, .overdue:
            let officer = configuration.officer(message.recipient)
            to = officer.map { [Contact(name: $0.name, email: $0.email)] } ?? []
            let item = items.first { $0.id == message.item }
            let due = item?.action?.due ?? today
            subject =
                message.kind == .dueSoon
                ? "Action due on \(Self.longDate(due)): \(item?.title ?? "")"
                : "Action overdue since \(Self.longDate(due)): \(item?.title ?? "")"
            lines = reminder(message, officer: officer, item: item, meetings: meetings, today: today)
        }
        let organiser = configuration.organisation.organiser
        let headers: [HeaderField] = [
            .addresses("From", [organiser]),
            .addresses("Reply-To", [Contact(name: organiser.name, email: configuration.organisation.replyAddress)]),
            .addresses("To", to),
            .unstructured("Subject", subject),
            .plain("Date", MailDate.format(instant: writtenAt, in: zone)),
            .plain("Message-ID", "<record.\(message.id)@\(configuration.organisation.uidDomain)>"),
            .plain("MIME-Version", "1.0"),
            .plain("Content-Type", "text/plain; charset=utf-8"),
            .plain("Content-Transfer-Encoding", "quoted-printable"),
            .plain("Auto-Submitted", "auto-generated"),
            .plain("X-Convene-Kind", message.kind.rawValue),
        ]
        var out: [UInt8] = []
        for header in headers { header.write(to: &out) }
        out += [13, 10]
        var body: [UInt8] = []
        for line in lines {
            body += line.utf8
            body += [13, 10]
        }
        QuotedPrintable.encode(body, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: The digest

    func digest(
        forumID: String, forumName: String, items: [Item], meetings: [String: Meeting], today: CivilDate, toldUpTo: Int?
    ) -> [String] {
        let zone = configuration.organisation.timeZone
        // Everything still open, and what was finished since the last letter told (or in
        // the last month and a half, for a forum's first).
        let cutoff = zone.resolve(LocalDateTime(date: today.adding(days: -45), time: .midnight)).instant
        let shown = items.filter { item in
            guard let finishing = item.finishing else { return true }
            return toldUpTo.map { finishing.serial > $0 } ?? (finishing.at > cutoff)
        }
        let ours = shown.filter { $0.forums.contains(forumID) }
        let others = shown.filter { !$0.forums.contains(forumID) }
        var lines = ["Dear \(forumName),", ""]
        lines += TextWrap.lines(
            "This is what forums have raised at our meetings, and what we have done about it, "
                + "up to \(Self.longDate(today)).")
        func section(_ heading: String, _ list: [Item], raisedBy: (Item) -> String) {
            guard !list.isEmpty else { return }
            lines += ["", heading]
            for item in list {
                lines.append("")
                lines += TextWrap.lines("* \(item.title)")
                let meeting = meetings[item.occurrence]
                let at = meeting.map { " at the \($0.title) on \(Self.longDate($0.date))" } ?? ""
                lines += TextWrap.lines("\(raisedBy(item)) raised this\(at).", lead: "  ")
                lines += TextWrap.lines(progress(item, today: today), lead: "  ")
                if let note = item.events.last(where: { $0.note != nil })?.note {
                    lines += TextWrap.lines("Latest news: \(note)", lead: "  ")
                }
            }
        }
        section("What you raised", ours) { item in
            item.forums.count == 1 ? "You" : "You and \(self.others(of: item, besides: forumID))"
        }
        section("What other forums raised", others) { item in self.names(item.forums) }
        if ours.isEmpty && others.isEmpty {
            lines +=
                [""]
                + TextWrap.lines(
                    "Everything raised so far has been dealt with, and nothing new has been raised since our last letter.")
        }
        lines += [""] + TextWrap.lines(totals(items, today: today))
        lines +=
            [""]
            + TextWrap.lines(
                "Thank you for telling us. If anything here is not right, or you want to say more, please reply to this email.")
        return lines + closing
    }

    /// Where an item stands, in a sentence.
    func progress(_ item: Item, today: CivilDate) -> String {
        let owner = item.action.map { ownerName($0.owner) }
        let due = item.action.map { Self.longDate($0.due) }
        switch item.status {
        case .done:
            let day = item.finishedAt.map { configuration.organisation.timeZone.zoned(instant: $0).local.date }
            return "Done" + (day.map { " on \(Self.longDate($0))" } ?? "") + "."
        case .wontDo:
            // Explained by a note given with the decision or since.
            let decided = item.events.lastIndex { $0.status != nil } ?? 0
            let explained = item.events[decided...].contains { $0.note != nil }
            return "We have decided not to do this." + (explained ? "" : " If you would like to know more, please ask us.")
        case .open, .inProgress:
            // "Grace Obi, Local Offer Officer, aimed …": a name with a title is set off by commas.
            guard let owner = owner.map({ $0.contains(",") ? $0 + "," : $0 }), let due else {
                return "We have not yet decided who will take this forward."
            }
            if item.isOverdue(today: today) {
                // Only an officer of the configuration is reminded: then, and only then, has
                // someone been asked.
                let asked =
                    item.action?.owner.officer.flatMap(configuration.officer) != nil ? ", and we have asked for an update" : ""
                return "\(owner) aimed to finish this by \(due). It is late\(asked)."
            }
            return item.status == .open
                ? "\(owner) will take this forward, aiming to finish by \(due)."
                : "\(owner) is working on this, aiming to finish by \(due)."
        }
    }

    /// "In all, forums have raised 5 things: 2 done, 1 we will not do, 2 still being dealt with (1 of them late)."
    func totals(_ items: [Item], today: CivilDate) -> String {
        let done = items.count { $0.status == .done }
        let wontDo = items.count { $0.status == .wontDo }
        let open = items.count - done - wontDo
        let late = items.count { $0.isOverdue(today: today) }
        let things = items.count == 1 ? "1 thing" : "\(items.count) things"
        var parts = ["\(done) done"]
        if wontDo > 0 { parts.append("\(wontDo) we will not do") }
        parts.append("\(open) still being dealt with" + (late > 0 ? " (\(late) of them late)" : ""))
        return "In all, forums have raised \(things) with us: " + EnglishList.joined(parts) + "."
    }

    // MARK: The reminder

    func reminder(
        _ message: RecordMessage, officer: Officer?, item: Item?, meetings: [String: Meeting], today: CivilDate
    ) -> [String] {
        var lines = ["Dear \(officer?.name ?? message.recipient),", ""]
        guard let item, let action = item.action else { return lines + closing }
        let meeting = meetings[item.occurrence]
        let at = meeting.map { " at the \($0.title) on \(Self.longDate($0.date))" } ?? ""
        lines += TextWrap.lines("You own the council's response to something \(names(item.forums)) raised\(at):")
        lines += [""] + TextWrap.lines(item.title, lead: "  ")
        if let text = item.text { lines += TextWrap.lines(text, lead: "  ") }
        lines.append("")
        let days = today.days(until: action.due)
        if message.kind == .dueSoon {
            let when = days <= 0 ? "today" : days == 1 ? "tomorrow" : "in \(days) days"
            lines += TextWrap.lines("It is due on \(Self.longDate(action.due)), \(when).")
        } else {
            lines += TextWrap.lines(
                "It was due on \(Self.longDate(action.due)) and is not marked done. The forums are told it is late.")
        }
        lines +=
            [""]
            + TextWrap.lines(
                "Please tell the participation team how it is going, so that the forums hear it in their monthly letter "
                    + "(item \(item.id); convenectl update \(item.id) --status in_progress --note \"…\", or done).")
        return lines + closing
    }

    // MARK: Words

    private var closing: [String] {
        let organisation = configuration.organisation
        var lines = ["", "With best wishes,"] + TextWrap.lines(organisation.organiser.name)
        if organisation.name != organisation.organiser.name { lines += TextWrap.lines(organisation.name) }
        return lines
    }

    private func ownerName(_ owner: ItemOwner) -> String {
        switch owner {
        // An officer no longer in the configuration is not named by a code.
        case .officer(let id): configuration.officer(id)?.name ?? "A council officer"
        case .named(let name): name
        }
    }

    /// "Chloé's Circle and Wyreford Dads' Group".
    private func names(_ forums: [String]) -> String {
        EnglishList.joined(forums.map { configuration.forum($0)?.name ?? "a forum no longer in our list" })
    }

    private func others(of item: Item, besides forum: String) -> String {
        names(item.forums.filter { $0 != forum })
    }

    /// "Tuesday 9 March 2027".
    static func longDate(_ date: CivilDate) -> String { MeetingFacts.longDate(date) }
}
