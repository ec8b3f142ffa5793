import ConveneCore
import ConveneDelivery
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import ConveneStore
import Logging

extension Daemon {
    /// A coordinator's record: an answer taken by phone, who came, a purge of the
    /// quarantine, an erasure. Checked, stored with who and when, logged, published.
    func record(_ record: CoordinatorRecord, by peer: Peer) throws(ChangeRefusal) -> RecordedDocument {
        let who = UnixAccounts.describe(uid: peer.uid)
        let now = clock()
        let document: RecordedDocument
        switch record {
        case .answer(let uid, let request): document = try answer(request, to: uid, by: who, now: now)
        case .attended(let uid, let request): document = try attended(request, at: uid, by: who, now: now)
        case .purge(let request): document = try purge(request, by: who, now: now)
        case .forget(let request): document = try forget(request, by: who, now: now)
        }
        ledgerVersion += 1
        refreshInboxStatus()
        publish()
        logger.notice(
            "\(who) recorded: \(document.summary)",
            metadata: ["action": .string(record.action), "count": "\(document.count)", "peer.uid": "\(peer.uid)"])
        return document
    }

    private func answer(_ request: AnswerRequest, to uid: String, by who: String, now: Int) throws(ChangeRefusal)
        -> RecordedDocument
    {
        let occurrence = try takingPlace(uid)
        guard let forum = source.configuration.forum(request.forum) else { throw .noForum(request.forum) }
        guard occurrence.invited.contains(forum.id) else { throw .notInvited(forum: forum.id, uid: uid) }
        guard occurrence.start.instant > now else { throw .alreadyStarted(uid: uid) }
        guard let answer = Answer(rawValue: request.answer) else { throw .unknownAnswer(request.answer) }
        let reason = request.reason.flatMap { $0.isEmpty ? nil : $0 }
        if let reason, reason.count > ProposedChange.reasonLimit { throw .reasonTooLong(limit: ProposedChange.reasonLimit) }
        do {
            let sequence = try store.latestSequence(forum: forum.id, occurrence: uid) ?? 0
            try store.record(
                AnswerEntry(
                    forum: forum.id, occurrence: uid, sequence: sequence, answer: answer, reason: reason, by: who,
                    via: "coordinator", answeredAt: now))
        } catch {
            throw .ledger(doing: "store the answer", error: "\(error)")
        }
        let saying =
            switch answer {
            case .accepted: "is coming to"
            case .declined: "cannot come to"
            case .tentative: "may come to"
            }
        return RecordedDocument(
            action: "answer", count: 1,
            summary: "\(forum.name) \(saying) \(occurrence.title) on \(DayText.dayWithYear(occurrence.start.local.date)).")
    }

    private func attended(_ request: AttendedRequest, at uid: String, by who: String, now: Int) throws(ChangeRefusal)
        -> RecordedDocument
    {
        let occurrence = try takingPlace(uid)
        guard occurrence.start.instant <= now else { throw .notYetStarted(uid: uid) }
        let came = Self.unique(request.came)
        let apologies = Self.unique(request.apologies)
        guard !came.isEmpty || !apologies.isEmpty else { throw .noForumsNamed }
        for id in came + apologies where source.configuration.forum(id) == nil { throw .noForum(id) }
        let both = came.filter(apologies.contains)
        guard both.isEmpty else { throw .cameAndApologised(both) }
        if let reason = request.reason, reason.count > ProposedChange.reasonLimit {
            throw .reasonTooLong(limit: ProposedChange.reasonLimit)
        }
        do {
            try store.record(
                AttendedEntry(
                    occurrence: uid, came: came, apologies: apologies, reason: request.reason, by: who, recordedAt: now))
        } catch {
            throw .ledger(doing: "store who came", error: "\(error)")
        }
        let forums = came.count == 1 ? "1 forum" : "\(came.count) forums"
        return RecordedDocument(
            action: "attended", count: came.count,
            summary: "\(forums) came to \(occurrence.title) on \(DayText.dayWithYear(occurrence.start.local.date)); "
                + "\(apologies.count) sent apologies.")
    }

    private func purge(_ request: PurgeRequest, by who: String, now: Int) throws(ChangeRefusal) -> RecordedDocument {
        guard let age = RetentionPeriod(request.olderThan) else { throw .unreadableDuration(request.olderThan) }
        let cutoff = age.cutoff(before: now, in: source.configuration.organisation.timeZone)
        let inbox = Inbox(root: options.inboxDirectory, store: store)
        do {
            let files = try store.quarantined(before: cutoff)
            // Files first, then the record: after a stop in between, the next purge finds
            // the same messages, already gone, and records them.
            for file in files { try inbox.remove(file, quarantined: true) }
            try store.purged(files, olderThan: request.olderThan, by: who, at: now)
            let messages = files.count == 1 ? "1 quarantined message" : "\(files.count) quarantined messages"
            return RecordedDocument(
                action: "purge", count: files.count,
                summary: "Deleted \(messages) older than \(age); their records stay.")
        } catch let error as InboxError {
            throw .inbox(doing: "purge the quarantine", error: "\(error)")
        } catch {
            throw .ledger(doing: "purge the quarantine", error: "\(error)")
        }
    }

    private func forget(_ request: ForgetRequest, by who: String, now: Int) throws(ChangeRefusal) -> RecordedDocument {
        let address = request.contact.split(whereSeparator: \.isWhitespace).joined()
        guard address.utf8.contains(UInt8(ascii: "@")), address.count <= 320, address == request.contact.trimmingSpaces()
        else { throw .notAnAddress(request.contact) }
        let inbox = Inbox(root: options.inboxDirectory, store: store)
        let count: Int
        let files: [(fileName: String, quarantined: Bool)]
        do {
            // The messages themselves hold the person's name and words: removed first,
            // then the record erased, so a stop in between is finished by asking again.
            files = try store.inboxFiles(of: address)
            for file in files { try inbox.remove(file.fileName, quarantined: file.quarantined) }
            count = try store.forget(contact: address, by: who, at: now)
        } catch let error as InboxError {
            throw .inbox(doing: "erase the contact's messages", error: "\(error)")
        } catch {
            throw .ledger(doing: "erase the contact's answers", error: "\(error)")
        }
        if !store.checkpointAfterErasure() {
            logger.warning("the ledger's log could not be emptied after an erasure; it is emptied at the next checkpoint")
        }
        return RecordedDocument(
            action: "forget", count: count,
            summary: "Erased the reasons and the address from the person's answers, "
                + "and deleted \(files.count) of their messages from the inbox.")
    }

    /// The occurrence `uid`, if it takes place.
    private func takingPlace(_ uid: String) throws(ChangeRefusal) -> Occurrence {
        guard let occurrence = source.occurrence(uid) else { throw .noOccurrence(uid: uid) }
        guard occurrence.takesPlace else { throw .alreadyCancelled(uid: uid) }
        return occurrence
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
