import ConveneCore
import ConveneTOML

extension ConfigurationDecoder {
    /// The main file with its drop-ins: organisation, defaults, districts, venues,
    /// closures and proclaimed bank holidays.
    mutating func decodeMain(_ main: TableReader) {
        decodeOrganisation(main.table("organisation", required: true))
        if let table = main.table("notifications") { decodeNotifications(table) }
        if let table = main.table("scheduling") {
            scheduling = SchedulingSettings(travelGap: table.duration("travel_gap") ?? scheduling.travelGap)
            table.finish()
        }
        if let table = main.table("control") {
            if let group = table.string("admin_group", maxLength: 32), let (_, location) = table.located("admin_group") {
                if ControlSettings.isValidGroupName(group) {
                    control = ControlSettings(adminGroup: group)
                } else {
                    table.error(location, "\"\(group)\" is not a group name (letters, digits, '-', '_', not starting with '-')")
                }
            }
            table.finish()
        }
        if let table = main.table("feeds") { decodeFeeds(table) }
        if let table = main.table("inbox") {
            if let address = table.string("forward_to", maxLength: 254), let (_, location) = table.located("forward_to") {
                if let problem = EmailAddress.problem(address) {
                    table.error(
                        location, "is not an email address: \(problem); expected name@domain, e.g. participation@example.org")
                } else {
                    inbox = InboxSettings(forwardTo: address)
                }
            }
            table.finish()
        }
        if let table = main.table("delivery") {
            var timeout = delivery.sendmailTimeout
            if let duration = table.duration("sendmail_timeout"), let (_, location) = table.located("sendmail_timeout") {
                if duration.days == 0, (1...3600).contains(duration.seconds) {
                    timeout = duration.seconds
                } else {
                    table.error(location, "\"\(duration)\" is not between one second and one hour (e.g. \"PT1M\")")
                }
            }
            if let path = table.string("sendmail", maxLength: 4096), let (_, location) = table.located("sendmail") {
                if path.hasPrefix("/"), !path.contains("\0"), !path.split(separator: "/").contains("..") {
                    delivery = DeliverySettings(sendmail: path, sendmailTimeout: timeout)
                } else {
                    table.error(
                        location, "\"\(path)\" is not an absolute path to a program (expected e.g. \"/usr/sbin/sendmail\")")
                }
            }
            table.finish()
        }
        if let table = main.table("privacy") {
            if let text = table.string("keep_reasons"), let (_, location) = table.located("keep_reasons") {
                if let period = RetentionPeriod(text), period.years <= 100 {
                    privacy = PrivacySettings(keepReasons: period)
                } else {
                    table.error(location, "\"\(text)\" is not a period such as \"P2Y\", \"P18M\" or \"P90D\"")
                }
            }
            table.finish()
        }
        for table in main.tables("district") {
            let id = table.identifier("id", required: true)
            let name = table.string("name", required: true)
            table.finish()
            guard let id, define("district", id, at: table.located("id")!.location) else { continue }
            knownDistricts.append(id)
            if let name { districts.append(District(id: id, name: name)) }
        }
        for table in main.tables("venue") { decodeVenue(table) }
        for table in main.tables("closure") { decodeClosure(table) }
        for table in main.tables("bank_holiday") { decodeBankHoliday(table) }
        for table in main.tables("officer") { decodeOfficer(table) }
        main.finish()
    }

    private mutating func decodeOrganisation(_ table: TableReader?) {
        guard let table else { return }
        let name = table.string("name", required: true)
        var zone: ZoneRules?
        if let identifier = table.string("timezone", required: true), let (_, location) = table.located("timezone") {
            zone = ZoneRules(identifier: identifier)
            if zone == nil {
                table.error(location, "unknown time zone \"\(identifier)\"; expected an IANA name such as \"Europe/London\"")
            }
        }
        var region: BankHolidayRegion? = .englandAndWales
        if let text = table.string("region"), let (_, location) = table.located("region") {
            region = BankHolidayRegion(rawValue: text)
            if region == nil {
                let names = BankHolidayRegion.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                table.error(location, "unknown bank holiday region \"\(text)\"; expected one of \(names)")
            }
        }
        let organiser = decodeContact(table, key: "organiser", required: true)
        var uidDomain: String?
        if let domain = table.string("uid_domain", maxLength: 253), let (_, location) = table.located("uid_domain") {
            let allowed = domain.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" }
            if allowed, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") {
                uidDomain = domain
            } else {
                table.error(location, "\"\(domain)\" is not a domain name (expected lower-case, e.g. \"example.org\")")
            }
        }
        var replyAddress: String?
        if let address = table.string("reply_address", maxLength: 254), let (_, location) = table.located("reply_address") {
            if let problem = EmailAddress.problem(address) {
                table.error(location, "is not an email address: \(problem); expected name@domain, e.g. answers@example.org")
            } else {
                replyAddress = address
            }
        }
        if let file = table.string("term_dates"), let (_, location) = table.located("term_dates") {
            termDatesFile = (file, location)
        }
        table.finish()
        if let name, let zone, let region, let organiser {
            organisation = Organisation(
                name: name, timeZone: zone, region: region, organiser: organiser, uidDomain: uidDomain,
                replyAddress: replyAddress)
        }
    }

    /// `[feeds] public_url`: an https:// address with no query or fragment.
    private mutating func decodeFeeds(_ table: TableReader) {
        if let link = table.string("public_url", maxLength: 2000), let (_, location) = table.located("public_url") {
            if let url = Self.httpsURL(link), url.query == nil, url.fragment == nil, url.user == nil {
                feeds = FeedSettings(publicURL: link.hasSuffix("/") ? String(link.dropLast()) : link)
            } else {
                table.error(
                    location,
                    "\"\(link)\" is not an https:// address without a query "
                        + "(expected e.g. \"https://meetings.example.org\")")
            }
        }
        table.finish()
    }

    private mutating func decodeNotifications(_ table: TableReader) {
        let days = table.integer("publish_days_before_month", in: 0...60) ?? notifications.publishDaysBeforeMonth
        let reminders = decodeLeadTimes(table, key: "reminders") ?? notifications.reminders
        let chase = decodeChase(table) ?? notifications.chase
        table.finish()
        notifications = NotificationSettings(publishDaysBeforeMonth: days, reminders: reminders, chase: chase)
    }

    /// `chase`: how long before a meeting a forum that has not answered is asked again,
    /// as a reminder's lead time (`"P7D"`), or `false` for never.
    func decodeChase(_ table: TableReader) -> Chase? {
        guard let (node, location) = table.located("chase") else { return nil }
        if node.value.booleanValue == false { return .never }
        guard let text = node.value.stringValue else {
            let found = node.value.booleanValue == true ? "true" : node.value.typeNameWithArticle
            table.error(
                location,
                "expected how long before the meeting to ask forums that have not answered, such as \"P7D\", "
                    + "or false for never; found \(found)")
            return nil
        }
        guard let lead = table.duration(text, location) else { return nil }
        guard !lead.isZero, lead.approximateSeconds <= 90 * 86_400 else {
            table.error(location, "\"\(text)\" is out of range; a chaser goes out between PT1M and P90D before the meeting")
            return nil
        }
        return .before(lead)
    }

    /// Reminder lead times: positive durations of at most 90 days, no repeats.
    func decodeLeadTimes(_ table: TableReader, key: String) -> [ISODuration]? {
        guard let items = table.strings(key) else { return nil }
        var result: [ISODuration] = []
        for (text, location) in items {
            guard let lead = table.duration(text, location) else { continue }
            if lead.isZero || lead.approximateSeconds > 90 * 86_400 {
                table.error(location, "\"\(text)\" is out of range; a reminder goes out between PT1M and P90D before the meeting")
            } else if result.contains(lead) {
                table.error(location, "\"\(text)\" is listed twice")
            } else {
                result.append(lead)
            }
        }
        return result
    }

    /// `{ name = "…", email = "…" }`.
    func decodeContact(_ table: TableReader, key: String, required: Bool) -> Contact? {
        guard let contact = table.table(key, required: required) else { return nil }
        defer { contact.finish() }
        return decodeContact(contact)
    }

    func decodeContact(_ contact: TableReader) -> Contact? {
        let name = contact.string("name", required: true)
        let email = contact.string("email", required: true, maxLength: 254)
        // The address is not repeated: diagnostics reach the journal, and a contact's
        // address is personal data. The file, line and column find it.
        if let email, let problem = EmailAddress.problem(email), let (_, location) = contact.located("email") {
            contact.error(location, "is not an email address: \(problem); expected name@domain, e.g. participation@example.org")
            return nil
        }
        guard let name, let email else { return nil }
        return Contact(name: name, email: email)
    }

    private mutating func decodeVenue(_ table: TableReader) {
        let id = table.identifier("id", required: true)
        let name = table.string("name", required: true)
        let address = table.string("address")
        let district = reference(table, "district", kind: "district", known: knownDistricts)
        let capacity = table.integer("capacity", in: 1...10_000, required: true)
        let stepFree = table.bool("step_free", required: true)
        let accessibility = table.string("accessibility", maxLength: 1000)
        table.finish()
        guard let id, define("venue", id, at: table.located("id")!.location) else { return }
        knownVenues.append(id)
        guard let name, let district, let capacity, let stepFree else { return }
        venues.append(
            Venue(
                id: id, name: name, address: address, district: district, capacity: capacity,
                stepFree: stepFree, accessibility: accessibility))
    }

    /// `[[officer]] id, name, email`: who may own an action on what forums raised.
    private mutating func decodeOfficer(_ table: TableReader) {
        let id = table.identifier("id", required: true)
        let name = table.string("name", required: true, maxLength: 200)
        let email = table.string("email", required: true, maxLength: 254)
        table.finish()
        guard let id, define("officer", id, at: table.located("id")!.location) else { return }
        if let email, let problem = EmailAddress.problem(email), let (_, location) = table.located("email") {
            table.error(location, "is not an email address: \(problem); expected name@domain, e.g. send.lead@example.org")
            return
        }
        guard let name, let email else { return }
        officers.append(Officer(id: id, name: name, email: email))
    }

    private mutating func decodeClosure(_ table: TableReader) {
        let from = table.date("from", required: true)
        let to = table.date("to") ?? from
        let reason = table.string("reason", required: true)
        let venue = table.located("venue") == nil ? nil : reference(table, "venue", kind: "venue", known: knownVenues)
        table.finish()
        guard let from, let to, let reason else { return }
        if to < from, let (_, location) = table.located("to") {
            table.error(location, "the closure ends (\(to)) before it starts (\(from))")
            return
        }
        closures.append(Closure(from: from, to: to, reason: reason, venue: venue))
    }

    private mutating func decodeBankHoliday(_ table: TableReader) {
        let date = table.date("date", required: true)
        let name = table.string("name", required: true)
        let replaces = table.date("replaces")
        table.finish()
        guard let date, let name else { return }
        if let replaces, replaces.year != date.year, let (_, location) = table.located("replaces") {
            table.warning(location, "moves a holiday from \(replaces.year) to \(date.year); check the year")
        }
        proclaimed.append(ProclaimedBankHoliday(date: date, name: name, replaces: replaces))
    }

    /// An id that must name something already defined; reports unknown ones with the known list.
    func reference(_ table: TableReader, _ key: String, kind: String, known: [String], required: Bool = true) -> String? {
        guard let id = table.string(key, required: required), let (_, location) = table.located(key) else { return nil }
        guard known.contains(id) else {
            table.error(location, Self.unknown(kind, id, known: known))
            return nil
        }
        return id
    }

    static func unknown(_ kind: String, _ id: String, known: [String]) -> String {
        var message = "unknown \(kind) \"\(id)\""
        if let close = TableReader.closest(to: id, in: known) {
            message += "; did you mean \"\(close)\"?"
        } else if known.isEmpty {
            message += "; no \(kind)s are defined"
        } else if known.count <= 12 {
            message += "; known: " + known.sorted().joined(separator: ", ")
        }
        return message
    }
}

/// A deliberately loose email check: something@something.something, no spaces or
/// angle brackets. Mail servers decide the rest; this catches typos and pasted names.
enum EmailAddress {
    static func isPlausible(_ text: String) -> Bool { problem(text) == nil }

    /// What is wrong with `text` as an address, in words that do not quote it.
    static func problem(_ text: String) -> String? {
        if text.contains(where: { $0.isWhitespace || "<>()[],;:\"\\".contains($0) }) {
            return "it contains a space or one of < > ( ) [ ] , ; : \" \\ (write the address alone, without a name)"
        }
        if !text.allSatisfy(\.isASCII) { return "it contains a character outside ASCII" }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count < 2 ? "it has no \"@\"" : "it has more than one \"@\"" }
        guard !parts[0].isEmpty else { return "nothing comes before the \"@\"" }
        guard parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return "the part after the \"@\" is not a domain such as example.org"
        }
        return nil
    }
}
