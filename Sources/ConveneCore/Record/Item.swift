/// Something forums raised at a meeting ("You said"), and what the council does about it
/// ("we did"): an action with an owner and a due date, and a status. Never overwritten:
/// an item is its events, oldest first, and its state is what they add up to.
public struct Item: Hashable, Sendable, Identifiable {
    public let id: Int
    /// The meeting it was raised at (an occurrence UID).
    public let occurrence: String
    /// The forums that raised it, sorted.
    public let forums: [String]
    public let title: String
    public let text: String?
    /// Every change, oldest first; the first is its raising.
    public let events: [ItemEvent]

    public init(id: Int, occurrence: String, forums: [String], title: String, text: String?, events: [ItemEvent]) {
        self.id = id
        self.occurrence = occurrence
        self.forums = forums.sorted()
        self.title = title
        self.text = text
        self.events = events
    }

    public var raised: ItemEvent { events[0] }
    public var status: ItemStatus { events.last { $0.status != nil }?.status ?? .open }
    /// The latest action: who owns it and by when.
    public var action: (owner: ItemOwner, due: CivilDate)? {
        guard let event = events.last(where: { $0.owner != nil && $0.due != nil }), let owner = event.owner, let due = event.due
        else { return nil }
        return (owner, due)
    }

    /// Whether its action's due date has passed on `today` and it is not finished.
    public func isOverdue(today: CivilDate) -> Bool {
        guard let action, !status.isFinished else { return false }
        return action.due < today
    }

    /// When the council first responded (an action or a change of status), if it has.
    public var firstResponse: ItemEvent? { events.dropFirst().first { $0.kind != .note } }

    /// When it was finished (done or won't do) for the last time, if it is.
    public var finishedAt: Int? { finishing?.at }

    /// The change that finished it (done or won't do), if it is finished.
    public var finishing: ItemEvent? {
        status.isFinished ? events.last { $0.status != nil } : nil
    }
}

/// Where an item stands: `open` → `in_progress` → `done` or `wont_do`.
public enum ItemStatus: String, CaseIterable, Hashable, Sendable, Comparable {
    case open
    case inProgress = "in_progress"
    case done
    case wontDo = "wont_do"

    public var isFinished: Bool { self == .done || self == .wontDo }

    /// How far along: open 0, in progress 1, finished 2.
    var stage: Int {
        switch self {
        case .open: 0
        case .inProgress: 1
        case .done, .wontDo: 2
        }
    }

    public static func < (a: ItemStatus, b: ItemStatus) -> Bool { a.stage < b.stage }

    /// In a sentence: "open", "in progress", "done", "not going to be done".
    public var words: String {
        switch self {
        case .open: "open"
        case .inProgress: "in progress"
        case .done: "done"
        case .wontDo: "not going to be done"
        }
    }

    /// Why going from `self` to `next` is refused, if it is. A step forward needs nothing;
    /// `wont_do`, any step back and a change between done and won't do need a reason.
    public func refusal(to next: ItemStatus, reason: String?) -> ItemRefusal? {
        if next == self { return .sameStatus(next) }
        let hasReason = !(reason ?? "").trimmingSpacesAndNewlines().isEmpty
        let forward = stage < next.stage && next != .wontDo
        if !forward && !hasReason { return .reasonNeeded(from: self, to: next) }
        return nil
    }
}

/// Who owns an item's action: one of the configuration's officers (reminded by mail) or
/// anyone else, named in free text (not reminded).
public enum ItemOwner: Hashable, Sendable {
    case officer(String)
    case named(String)

    /// The officer's id, if the owner is one.
    public var officer: String? {
        if case .officer(let id) = self { id } else { nil }
    }
}

/// One change to an item, as the audit keeps it.
public struct ItemEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The item was recorded.
        case raised
        /// An owner and a due date were given (or changed).
        case action
        /// The status changed.
        case status
        /// Progress told to forums, with no change of status.
        case note
    }

    public let kind: Kind
    /// Seconds since the epoch.
    public let at: Int
    /// Who made the change (the account, as the other audits name it).
    public let by: String
    public let status: ItemStatus?
    public let owner: ItemOwner?
    public let due: CivilDate?
    /// Why (a step back, won't do); kept for the council.
    public let reason: String?
    /// Progress, told to the forums in their digest.
    public let note: String?
    /// Its place in the ledger's record of every item (0 until stored): a digest remembers
    /// the last it told, so a change is new to a forum exactly when its number is higher.
    public let serial: Int

    public init(
        kind: Kind, at: Int, by: String, status: ItemStatus? = nil, owner: ItemOwner? = nil, due: CivilDate? = nil,
        reason: String? = nil, note: String? = nil, serial: Int = 0
    ) {
        self.serial = serial
        self.kind = kind
        self.at = at
        self.by = by
        self.status = status
        self.owner = owner
        self.due = due
        self.reason = reason
        self.note = note
    }
}

/// Why a change to the co-production record is refused, in words a coordinator reads.
public enum ItemRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    case sameStatus(ItemStatus)
    case reasonNeeded(from: ItemStatus, to: ItemStatus)

    public var description: String {
        switch self {
        case .sameStatus(let status): "the item is already \(status.rawValue)"
        case .reasonNeeded(let from, let to):
            to == .wontDo
                ? "status: wont_do needs --reason (why it will not be done is kept and shown to the council)"
                : "status: going from \(from.rawValue) to \(to.rawValue) needs --reason (kept with the change)"
        }
    }
}
