import ConveneCore
import ConveneDelivery
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import ConveneSpool
import ConveneStore

extension Snapshot {
    /// The answer to `request`: kept, or worked out now (off the actor, on the caller's
    /// thread) and kept.
    func answer(_ request: ReadRequest) -> ReadAnswer {
        answer(request, making: true)!
    }

    /// The answer to `request` if it is kept, or as cheap as a lookup (a refusal, the
    /// status); nil if it would have to be worked out.
    func keptAnswer(_ request: ReadRequest) -> ReadAnswer? {
        answer(request, making: false)
    }

    private func answer(_ request: ReadRequest, making: Bool) -> ReadAnswer? {
        let now = clock()
        let today = configuration.organisation.timeZone.zoned(instant: now).local.date
        switch request {
        case .status:
            return statusAnswer
        case .configFiles:
            return scheduleAnswers.answer(.init(request: request, at: 0), making: making) {
                .document(
                    ConfigFilesDocument(
                        files: loaded.files, digest: loaded.digest,
                        loadedAt: configuration.organisation.timeZone.zoned(instant: loaded.loadedAt).rfc3339))
            }
        case .schedule(let query):
            if let forum = query.forum, configuration.forum(forum) == nil { return .refusal(Self.noForum(forum)) }
            if let refusal = unknownDistrict(query.district) { return refusal }
            if let series = query.series, configuration.series(series) == nil {
                return .refusal(ControlFailure(.notFound, "no meeting series \"\(series)\""))
            }
            let (first, last) = query.range.days(today: CalendarDay(today))
            var resolved = query
            resolved.range = .days(first, last)
            return scheduleAnswers.answer(.init(request: .schedule(resolved), at: 0), making: making) {
                .json(schedulePage(resolved, from: CivilDate(first), through: CivilDate(last)).jsonBytes())
            }
        case .forums(let query):
            if let refusal = unknownDistrict(query.district) { return refusal }
            // Counts of meetings still to come: true until the next minute at most. From
            // the ledger's answers too: a contact's bounce shows.
            return ledgerAnswers.answer(.init(request: request, at: now / 60), making: making) {
                let counts = upcomingMeetings(now: now)
                // The forums are sorted by id: the page starts after the cursor's.
                let chosen = configuration.forums.filter { forum in
                    (query.district == nil || forum.district == query.district) && (query.after.map { forum.id > $0 } ?? true)
                }
                let page = chosen.prefix(query.limit)
                return .document(
                    ForumsDocument(
                        forums: page.map { document($0, upcoming: counts[$0.id] ?? 0) },
                        nextCursor: chosen.count > query.limit ? page.last?.id : nil))
            }
        case .forum(let id):
            guard let forum = configuration.forum(id) else { return .refusal(Self.noForum(id)) }
            return ledgerAnswers.answer(.init(request: request, at: now / 60), making: making) {
                var document = document(forum, upcoming: upcomingMeetings(now: now, of: id)[id] ?? 0)
                document.mail = mail(forum: id)
                return .document(document)
            }
        case .calendar(let forum):
            guard configuration.forum(forum) != nil else { return .refusal(Self.noForum(forum)) }
            return calendar(forum: forum, today: today, making: making)
        case .feed(let token):
            guard let forum = feeds.forumByToken[token], configuration.forum(forum) != nil else {
                return .refusal(ControlFailure(.notFound, "no such feed"))
            }
            return calendar(forum: forum, today: today, making: making)
        case .feedURL(let forum):
            guard configuration.forum(forum) != nil else { return .refusal(Self.noForum(forum)) }
            guard making else { return nil }
            guard let document = feedURL(forum: forum, rotated: false) else {
                return .refusal(ControlFailure(.internalError, "\(forum) has no feed address yet"))
            }
            return .document(document)
        case .notifications(let query):
            if let forum = query.forum, configuration.forum(forum) == nil { return .refusal(Self.noForum(forum)) }
            if let refusal = unknownDistrict(query.district) { return refusal }
            return ledgerAnswers.answer(.init(request: request, at: 0), making: making) { notifications(query) }
        case .attendance(let query, let reasons):
            if let forum = query.forum, configuration.forum(forum) == nil { return .refusal(Self.noForum(forum)) }
            // This month when no period is asked for: the meetings a coordinator is chasing.
            let month = CalendarMonth(year: today.year, month: today.month)!
            let (first, last) = query.range?.days(today: CalendarDay(today)) ?? (month.first, month.last)
            return ledgerAnswers.answer(.init(request: request, at: today.dayNumber), making: making) {
                attendance(
                    source.schedule(from: CivilDate(first), through: CivilDate(last)).occurrences, forum: query.forum,
                    reasons: reasons)
            }
        case .occurrenceAttendance(let uid, let reasons):
            guard let occurrence = source.occurrence(uid) else {
                return .refusal(ControlFailure(.notFound, "no occurrence \"\(uid)\""))
            }
            guard occurrence.takesPlace else {
                return .refusal(ControlFailure(.notFound, "\(uid) is cancelled: nobody is asked to come"))
            }
            return ledgerAnswers.answer(.init(request: request, at: 0), making: making) {
                attendance([occurrence], forum: nil, reasons: reasons)
            }
        case .inbox(let outcome):
            return ledgerAnswers.answer(.init(request: request, at: 0), making: making) { inbox(outcome) }
        case .items(let query, let reasons):
            if let forum = query.forum, configuration.forum(forum) == nil { return .refusal(Self.noForum(forum)) }
            // Overdue depends on the day: kept for the day at most.
            return ledgerAnswers.answer(.init(request: request, at: today.dayNumber), making: making) {
                items(query, today: today, reasons: reasons)
            }
        case .suggestions(let series, let query, let reasons):
            guard configuration.series(series) != nil else {
                return .refusal(ControlFailure(.notFound, "no meeting series \"\(series)\""))
            }
            // From next month by default, so kept for the day at most.
            return ledgerAnswers.answer(.init(request: request, at: today.dayNumber), making: making) {
                let month = query.from ?? CalendarMonth(after: CalendarDay(today))
                return suggestions(
                    series, query, from: CivilDate(year: month.year, month: month.month, day: 1)!, reasons: reasons)
            }
        }
    }

    /// Slots more forums could come to, with coordinators' changes and what the invited
    /// forums' answers of the last two years show.
    private func suggestions(_ id: String, _ query: SuggestionQuery, from: CivilDate, reasons: Bool) -> ReadAnswer {
        let zone = configuration.organisation.timeZone
        guard let series = configuration.series(id) else {
            return .refusal(ControlFailure(.notFound, "no meeting series \"\(id)\""))
        }
        let answers: [PastAnswer]
        do {
            answers = try store.answeredSlots(forums: series.invited, since: clock() - 2 * 365 * 86_400).map { row in
                PastAnswer(
                    forum: row.forum, answer: row.answer, reason: row.reason, title: row.title,
                    start: zone.zoned(instant: row.start).local, end: zone.zoned(instant: row.end).local)
            }
        } catch {
            return Self.ledgerUnreadable(error)
        }
        guard
            let suggester = SlotSuggester(
                configuration: configuration, series: id, from: from, months: query.months, overrides: source.overrides,
                answers: answers)
        else { return .refusal(ControlFailure(.notFound, "no meeting series \"\(id)\"")) }
        let found = suggester.suggestions(top: query.top) { count, body in
            ConcurrentWork.run(count: count, threads: ConcurrentWork.processors, body)
        }
        return .document(SuggestionsDocument(suggester, found, months: query.months, reasons: reasons))
    }

    /// The co-production record, oldest first, as `query` narrows it.
    private func items(_ query: ItemQuery, today: CivilDate, reasons: Bool) -> ReadAnswer {
        do {
            let items = try store.items().filter { item in
                (query.forum.map(item.forums.contains) ?? true) && (query.status.map { $0 == item.status.rawValue } ?? true)
                    && (!query.overdue || item.isOverdue(today: today))
            }
            return .document(
                ItemsDocument(
                    items: items.map {
                        ItemDocument(
                            $0, meeting: source.occurrence($0.occurrence), configuration: configuration, today: today,
                            reasons: reasons)
                    }))
        } catch {
            return Self.ledgerUnreadable(error)
        }
    }

    private func attendance(_ occurrences: [Occurrence], forum: String?, reasons: Bool) -> ReadAnswer {
        do {
            let ledger = try store.attendance(of: occurrences.filter(\.takesPlace).map(\.uid))
            return .document(
                AttendanceBook.document(
                    occurrences, ledger: ledger, zone: configuration.organisation.timeZone, reasons: reasons, forum: forum))
        } catch {
            return Self.ledgerUnreadable(error)
        }
    }

    private func inbox(_ outcome: String?) -> ReadAnswer {
        let zone = configuration.organisation.timeZone
        do {
            let entries = try store.inbound(outcome: outcome.flatMap(InboundEntry.Outcome.init(rawValue:)))
            let counts = try store.inboundCounts()
            return .document(
                InboxDocument(
                    messages: entries.map { entry in
                        .init(
                            file: entry.purgedAt == nil ? entry.fileName : nil,
                            receivedAt: zone.zoned(instant: entry.receivedAt).rfc3339, outcome: entry.outcome.rawValue,
                            reason: entry.reason, forum: entry.forum, occurrence: entry.occurrence)
                    },
                    counts: .init(
                        answers: (counts[.answer] ?? 0) + (counts[.staleAnswer] ?? 0), quarantined: counts[.quarantine] ?? 0,
                        needsPerson: counts[.needsPerson] ?? 0, autoReplies: counts[.autoReply] ?? 0,
                        bounces: counts[.bounce] ?? 0)))
        } catch {
            return Self.ledgerUnreadable(error)
        }
    }

    /// One page of the schedule: the occurrences that pass the query's filters, in
    /// (start, UID) order, after its cursor, at most its limit.
    private func schedulePage(_ query: ScheduleQuery, from first: CivilDate, through last: CivilDate) -> ScheduleDocument {
        var chosen = source.schedule(from: first, through: last, forum: query.forum, district: query.district).occurrences
        if let series = query.series { chosen.removeAll { $0.series != series } }
        // From schedule order (start, series, UID) to the pages' (start, UID): only meetings
        // that start together change places, so only their positions are sorted.
        var order = Array(chosen.indices)
        var run = 0
        while run < order.count {
            var runEnd = run + 1
            while runEnd < order.count, chosen[runEnd].start.instant == chosen[run].start.instant { runEnd += 1 }
            if runEnd - run > 1 { order[run..<runEnd].sort { chosen[$0].uid < chosen[$1].uid } }
            run = runEnd
        }
        // The first one past the cursor, by binary search.
        var (low, high) = (0, order.count)
        if let cursor = query.cursor {
            while low < high {
                let middle = (low + high) / 2
                if ScheduleCursor(start: chosen[order[middle]].start.instant, uid: chosen[order[middle]].uid) > cursor {
                    high = middle
                } else {
                    low = middle + 1
                }
            }
        }
        let end = min(low + query.limit, order.count)
        let page = order[low..<end].map { chosen[$0] }
        var document = ScheduleDocument(Schedule(occurrences: page), configuration: configuration)
        if end < order.count, let last = page.last {
            document.nextCursor = ScheduleCursor(start: last.start.instant, uid: last.uid).description
        }
        return document
    }

    /// The forum's feed address, if it has a token.
    func feedURL(forum: String, rotated: Bool) -> FeedURLDocument? {
        guard let token = feeds.byForum[forum] else { return nil }
        let path = ControlRoute.feed.target(token + ".ics")
        return FeedURLDocument(
            forum: forum, path: path, url: configuration.feeds.publicURL.map { $0 + path },
            rotated: rotated)
    }

    /// A forum's meetings from a month ago to a year ahead, as the coordinators' and the
    /// public feed serve them (no contacts in either). Stamped with today's midnight, so
    /// the bytes, and the entity tag calendar programs poll with, change only with the
    /// meetings or the day.
    private func calendar(forum: String, today: CivilDate, making: Bool) -> ReadAnswer? {
        ledgerAnswers.answer(.init(request: .calendar(forum: forum), at: today.dayNumber), making: making) {
            let told: [String: Int]
            do {
                told = try store.sentSequences(forum: forum)
            } catch {
                return Self.ledgerUnreadable(error)
            }
            let zone = configuration.organisation.timeZone
            let schedule = source.schedule(from: today.adding(days: -31), through: today.adding(days: 366), forum: forum)
            let midnight = zone.resolve(LocalDateTime(date: today, time: .midnight)).instant
            return .calendar(
                CalendarFeed(configuration: configuration)
                    .render(forum: forum, occurrences: schedule.occurrences, told: told, generatedAt: midnight))
        }
    }

    private func notifications(_ query: NotificationQuery) -> ReadAnswer {
        let zone = configuration.organisation.timeZone
        let since = query.since.map { since in
            zone.resolve(
                LocalDateTime(
                    date: CivilDate(since.day),
                    time: LocalTime(hour: since.hour, minute: since.minute, second: since.second)!)
            )
            .instant
        }
        let rows: [DeliveredNotification]
        do {
            rows = try store.notifications(
                forum: query.forum, occurrence: query.occurrence, since: since, series: query.series,
                forums: query.district.map { district in configuration.forums.filter { $0.district == district }.map(\.id) },
                limit: query.limit + 1, offset: query.offset)
        } catch {
            return Self.ledgerUnreadable(error)
        }
        let timestamp = { (instant: Int) in zone.zoned(instant: instant).rfc3339 }
        return .document(
            NotificationsDocument(
                notifications: rows.prefix(query.limit).map { row in
                    .init(
                        id: row.id, forum: row.forum, occurrence: row.occurrence, kind: row.kind.rawValue, sequence: row.sequence,
                        due: timestamp(row.due), writtenAt: row.writtenAt.map(timestamp), file: row.fileName,
                        handoff: row.mail.map { mail in
                            Handoff(
                                state: mail.state.rawValue, handedOffAt: mail.handedOffAt.map(timestamp), attempts: mail.attempts,
                                triedAt: mail.triedAt.map(timestamp), nextAttemptAt: mail.nextAttemptAt.map(timestamp),
                                exitStatus: mail.exitStatus, recipients: mail.recipients, error: mail.error)
                        })
                },
                nextCursor: rows.count > query.limit ? String(query.offset + query.limit) : nil))
    }

    /// How many meetings each forum (or only `forum`) is invited to from now to the end
    /// of the planning window (what is planned also holds meetings moved past it).
    private func upcomingMeetings(now: Int, of forum: String? = nil) -> [String: Int] {
        let planning = source.planning(at: now)
        var counts: [String: Int] = [:]
        for occurrence in planning.occurrences
        where occurrence.takesPlace && occurrence.start.instant > now
            && planning.window.instants.contains(occurrence.start.instant)
        {
            for invited in occurrence.invited where forum == nil || invited == forum { counts[invited, default: 0] += 1 }
        }
        return counts
    }

    static func noForum(_ id: String) -> ControlFailure { ControlFailure(.notFound, "no forum \"\(id)\"") }

    /// The refusal for a district the configuration does not have; nil when there is none to refuse.
    func unknownDistrict(_ district: String?) -> ReadAnswer? {
        guard let district, !configuration.districts.contains(where: { $0.id == district }) else { return nil }
        return .refusal(ControlFailure(.notFound, "no district \"\(district)\""))
    }

    static func ledgerUnreadable(_ error: any Error) -> ReadAnswer {
        .refusal(ControlFailure(.internalError, "cannot read the ledger: \(error)"))
    }

    /// How the forum's messages stand with the MTA: nil while none was ever handed over
    /// and the hand-off is off (or the ledger cannot say).
    private func mail(forum: String) -> ForumDocument.Mail? {
        guard let summary = try? store.mailHandoffSummary(forum: forum),
            configuration.delivery.sendmail != nil || summary.handedOff + summary.waiting + summary.skipped > 0
        else { return nil }
        let zone = configuration.organisation.timeZone
        let timestamp = { (instant: Int) in zone.zoned(instant: instant).rfc3339 }
        return ForumDocument.Mail(
            handedOff: summary.handedOff, waiting: summary.waiting, skipped: summary.skipped,
            lastHandedOffAt: summary.lastHandedOffAt.map(timestamp), lastFailure: summary.lastFailure,
            lastFailureAt: summary.lastFailureAt.map(timestamp))
    }

    func document(_ forum: Forum, upcoming: Int) -> ForumDocument {
        let zone = configuration.organisation.timeZone
        return ForumDocument(
            id: forum.id, name: forum.name, district: forum.district,
            contacts: forum.contacts.map { contact in
                .init(
                    name: contact.name, email: contact.email,
                    bounced: bounced[forum.id]?[contact.email.lowercased()].map { zone.zoned(instant: $0).rfc3339 })
            },
            available: forum.availability.map { window in
                Weekday.allCases.filter { window.days.contains($0) }.map(\.code).joined(separator: ",")
                    + " \(DayText.time(window.from))–\(DayText.time(window.to))"
            },
            upcoming: upcoming)
    }
}

extension CivilDate {
    /// The protocol's day as the core's (both are checked days).
    init(_ day: CalendarDay) {
        self.init(year: day.year, month: day.month, day: day.day)!
    }
}

extension CalendarDay {
    init(_ date: CivilDate) {
        self.init(year: date.year, month: date.month, day: date.day)!
    }
}
