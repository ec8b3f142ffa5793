import ConveneCore
import ConveneTOML
import FoundationEssentials

extension ConfigurationDecoder {
    /// One `meetings/<id>.toml`.
    mutating func decodeSeries(id: String, _ file: TableReader) {
        let title = file.string("title", required: true)
        let description = file.string("description", maxLength: 2000)
        let rule = decodeRule(file)
        let dtstart = file.date("dtstart", required: true)
        let start = file.time("start", required: true)
        let duration = decodeMeetingLength(file)
        let venue = file.located("venue") == nil ? nil : reference(file, "venue", kind: "venue", known: knownVenues)
        let online = decodeLink(file)
        let invited = decodeInvitations(file)
        let priority = file.integer("priority", in: 0...100) ?? 50
        let onClosed = decodePolicy(file)
        let maxMoveDays = file.integer("max_move_days", in: 0...31) ?? 7
        let sameMonth = file.bool("same_month") ?? true
        let termTimeOnly = file.bool("term_time_only") ?? false
        let attendance = file.integer("attendance", in: 1...10_000)
        let reminders = decodeLeadTimes(file, key: "reminders")
        let chase = decodeChase(file)
        let additions = decodeDates(file, "rdate", at: start)
        let exclusions = decodeDates(file, "exdate", at: start)
        let allowEmptyMonths = file.bool("allow_empty_months") ?? false
        file.finish()

        if file.located("venue") == nil, online == nil, file.located("online") == nil {
            file.error(file.location, "a meeting needs a venue, an online link, or both")
        }
        if termTimeOnly, termDatesFile == nil, let (_, location) = file.located("term_time_only") {
            file.error(location, "term_time_only needs school term dates: set organisation.term_dates")
        }
        guard let title, let rule, let dtstart, let start, let duration, let invited, let onClosed,
            let additions, let exclusions, !(venue == nil && online == nil)
        else { return }
        let recurrence = Recurrence(
            start: LocalDateTime(date: dtstart, time: start), rule: rule,
            additions: additions, exclusions: exclusions)
        let series = MeetingSeries(
            id: id, title: title, description: description, recurrence: recurrence, duration: duration,
            venue: venue, online: online, invited: invited, priority: priority, onClosed: onClosed,
            maxMoveDays: maxMoveDays, sameMonth: sameMonth, termTimeOnly: termTimeOnly, attendance: attendance,
            reminders: reminders, chase: chase, allowEmptyMonths: allowEmptyMonths)
        if let venue = venue.flatMap({ id in venues.first { $0.id == id } }), series.attendance > venue.capacity {
            let location = file.located("attendance")?.location ?? file.located("venue")!.location
            file.warning(location, "\(series.attendance) people are expected but \(venue.name) holds \(venue.capacity)")
        }
        SeriesRuleCheck(
            series: series, zone: organisation?.timeZone ?? .utc, file: file, ruleText: file.string("rrule") ?? "\(rule)"
        ).run()
        self.series.append(series)
    }

    private func decodeRule(_ file: TableReader) -> RecurrenceRule? {
        guard let text = file.string("rrule", required: true), let (_, location) = file.located("rrule") else { return nil }
        do {
            return try RecurrenceRule(parsing: text)
        } catch {
            file.error(location, "invalid rule: \(error)")
            return nil
        }
    }

    private func decodeMeetingLength(_ file: TableReader) -> ISODuration? {
        guard let duration = file.duration("duration", required: true), let (_, location) = file.located("duration") else {
            return nil
        }
        guard !duration.isZero, duration.approximateSeconds <= 86_400 else {
            file.error(location, "\(duration) is out of range; a meeting lasts more than zero and at most one day (P1D)")
            return nil
        }
        return duration
    }

    private func decodeLink(_ file: TableReader) -> String? {
        guard let link = file.string("online", maxLength: 2000), let (_, location) = file.located("online") else { return nil }
        guard Self.httpsURL(link) != nil else {
            file.error(location, "\"\(link)\" is not an https:// link (expected e.g. \"https://meet.example.org/stakeholder\")")
            return nil
        }
        return link
    }

    /// `link` read as an https:// address with a host and no white space, else nil:
    /// what a meeting's online link and the feeds' public address both must be.
    static func httpsURL(_ link: String) -> URLComponents? {
        guard let url = URLComponents(string: link), url.scheme?.lowercased() == "https", let host = url.host,
            !host.isEmpty, !link.contains(where: \.isWhitespace)
        else { return nil }
        return url
    }

    /// `"*"`, `"district:<id>"` or forum ids, resolved to sorted forum ids.
    private func decodeInvitations(_ file: TableReader) -> [String]? {
        guard let items = file.strings("invite", required: true) else { return nil }
        var invited: Set<String> = []
        var valid = true
        for (entry, location) in items {
            if entry == "*" {
                invited.formUnion(forums.map(\.id))
            } else if entry.hasPrefix("district:") {
                let district = String(entry.dropFirst("district:".count))
                guard knownDistricts.contains(district) else {
                    file.error(location, Self.unknown("district", district, known: knownDistricts))
                    valid = false
                    continue
                }
                let members = forums.filter { $0.district == district }.map(\.id)
                if members.isEmpty, !log.hasErrors { file.warning(location, "district \"\(district)\" has no forums") }
                invited.formUnion(members)
            } else if knownForums.contains(entry) {
                invited.insert(entry)
            } else {
                file.error(
                    location,
                    Self.unknown("forum", entry, known: knownForums)
                        + " (an entry is \"*\", \"district:<id>\" or a forum id)")
                valid = false
            }
        }
        if items.isEmpty, let (_, location) = file.located("invite") {
            file.error(location, "invite at least one forum (\"*\" invites them all)")
            return nil
        }
        return valid ? invited.sorted() : nil
    }

    private func decodePolicy(_ file: TableReader) -> ClosedDayPolicy? {
        guard let text = file.string("on_closed"), let (_, location) = file.located("on_closed") else { return .skip }
        guard let policy = ClosedDayPolicy(rawValue: text) else {
            file.error(location, "\"\(text)\" is not a closed-day policy; expected \"skip\", \"before\" or \"after\"")
            return nil
        }
        return policy
    }

    /// RDATE/EXDATE: dates (at the series' start time) or local date-times.
    private func decodeDates(_ file: TableReader, _ key: String, at time: LocalTime?) -> [LocalDateTime]? {
        guard let items = file.array(key, expected: "an array of dates") else { return [] }
        var result: [LocalDateTime] = []
        var valid = true
        for (node, location) in items {
            switch node.value {
            case .localDate(let date):
                if let civil = CivilDate(year: date.year, month: date.month, day: date.day), let time {
                    result.append(LocalDateTime(date: civil, time: time))
                }
            case .localDateTime(let value):
                if let civil = CivilDate(year: value.date.year, month: value.date.month, day: value.date.day),
                    let clock = LocalTime(hour: value.time.hour, minute: value.time.minute, second: value.time.second)
                {
                    result.append(LocalDateTime(date: civil, time: clock))
                }
            default:
                file.error(
                    location,
                    "expected a date (2027-07-20) or a local date-time (2027-07-20T18:30:00), found \(node.value.typeName) \(node.value.shown)"
                )
                valid = false
            }
        }
        return valid ? result : nil
    }
}
