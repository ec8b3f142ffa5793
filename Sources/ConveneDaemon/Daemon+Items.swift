import ConveneCore
import ConveneDelivery
import ConveneDocuments
import ConveneProtocol
import ConveneServer
import ConveneStore
import Logging

extension Daemon {
    /// The longest title, text, note and reason the record keeps.
    static let itemTitleLimit = 200
    static let itemTextLimit = 4000

    /// A change to the co-production record ("You said, we did"): checked, kept as a new
    /// event with who and when (nothing is overwritten), logged, published.
    func item(_ change: ItemChange, by peer: Peer) throws(ChangeRefusal) -> ItemDocument {
        let who = UnixAccounts.describe(uid: peer.uid)
        let now = clock()
        let id: Int
        var notice: String?
        switch change {
        case .raise(let request): id = try raise(request, by: who, now: now)
        case .action(let item, let request): (id, notice) = try action(request, on: item, by: who, now: now)
        case .status(let item, let request): id = try status(request, of: item, by: who, now: now)
        }
        ledgerVersion += 1
        publish()
        // A reminder may now be due at once (an action due within the week), or a letter
        // to wake for: the work loop looks again.
        timer.fire()
        let item = try stored(id)
        logger.notice(
            "\(who) recorded an item's \(change.action): \(item.title)",
            metadata: ["action": .string(change.action), "item": "\(id)", "peer.uid": "\(peer.uid)"])
        return ItemDocument(
            item, meeting: source.occurrence(item.occurrence), configuration: source.configuration, today: today(now),
            notice: notice)
    }

    private func raise(_ request: RaiseRequest, by who: String, now: Int) throws(ChangeRefusal) -> Int {
        guard let occurrence = source.occurrence(request.occurrence) else { throw .noOccurrence(uid: request.occurrence) }
        guard occurrence.takesPlace else { throw .alreadyCancelled(uid: occurrence.uid) }
        guard occurrence.start.instant <= now else { throw .meetingNotHeld(uid: occurrence.uid) }
        var forums: [String] = []
        for id in request.forums where !forums.contains(id) {
            guard source.configuration.forum(id) != nil else { throw .noForum(id) }
            guard occurrence.invited.contains(id) else { throw .notInvited(forum: id, uid: occurrence.uid) }
            forums.append(id)
        }
        guard !forums.isEmpty else { throw .missing("forums") }
        let title = try Self.text(request.title, "title", limit: Self.itemTitleLimit)
        guard let title else { throw .missing("title") }
        let text = try Self.text(request.text, "text", limit: Self.itemTextLimit)
        do {
            return try store.raise(occurrence: occurrence.uid, forums: forums, title: title, text: text, by: who, at: now)
        } catch {
            throw .ledger(doing: "record the item", error: "\(error)")
        }
    }

    private func action(_ request: ActionRequest, on id: Int, by who: String, now: Int) throws(ChangeRefusal)
        -> (Int, String?)
    {
        _ = try stored(id)
        guard let name = try Self.text(request.owner, "owner", limit: Self.itemTitleLimit) else { throw .missing("owner") }
        guard let due = CivilDate(request.due.trimmingSpaces()) else { throw .unreadableDue(request.due) }
        let note = try Self.text(request.note, "note", limit: Self.itemTextLimit)
        let owner: ItemOwner
        var notice: String?
        if source.configuration.officer(name) != nil {
            owner = .officer(name)
        } else {
            owner = .named(name)
            notice =
                "\(name) is not an officer in the configuration ([[officer]]), so nobody will be reminded of this action; "
                + "add them there to be."
        }
        do {
            try store.record(ItemEvent(kind: .action, at: now, by: who, owner: owner, due: due, note: note), item: id)
        } catch {
            throw .ledger(doing: "record the action", error: "\(error)")
        }
        return (id, notice)
    }

    private func status(_ request: StatusRequest, of id: Int, by who: String, now: Int) throws(ChangeRefusal) -> Int {
        let item = try stored(id)
        guard let next = ItemStatus(rawValue: request.status.trimmingSpaces()) else { throw .unknownStatus(request.status) }
        let reason = try Self.text(request.reason, "reason", limit: Self.itemTextLimit)
        let note = try Self.text(request.note, "note", limit: Self.itemTextLimit)
        // The same status with a note is news for the forums, not a change of status.
        let newsOnly = next == item.status && note != nil
        if !newsOnly, let refusal = item.status.refusal(to: next, reason: reason) { throw .item(refusal) }
        do {
            let event =
                newsOnly
                ? ItemEvent(kind: .note, at: now, by: who, reason: reason, note: note)
                : ItemEvent(kind: .status, at: now, by: who, status: next, reason: reason, note: note)
            try store.record(event, item: id)
        } catch {
            throw .ledger(doing: "record the status", error: "\(error)")
        }
        return id
    }

    /// Item `id` as the ledger has it.
    private func stored(_ id: Int) throws(ChangeRefusal) -> Item {
        do {
            guard let item = try store.items(id: id).first else { throw ChangeRefusal.noItem(id) }
            return item
        } catch let refusal as ChangeRefusal {
            throw refusal
        } catch {
            throw .ledger(doing: "read the co-production record", error: "\(error)")
        }
    }

    private func today(_ now: Int) -> CivilDate { source.configuration.organisation.timeZone.zoned(instant: now).local.date }

    /// `text` trimmed, nil when empty; refused when longer than `limit`.
    private static func text(_ text: String?, _ field: String, limit: Int) throws(ChangeRefusal) -> String? {
        guard let trimmed = text?.trimmingSpacesAndNewlines(), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw .tooLong(field, limit: limit) }
        return trimmed
    }
}
