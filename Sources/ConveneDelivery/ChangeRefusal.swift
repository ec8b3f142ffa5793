import ConveneCore

/// Why a coordinator's change, or a feed's rotation, was not made, in the schedule's own
/// terms. The daemon's `DaemonControl` gives the control API the error code each stands
/// for; the server alone turns codes into HTTP statuses.
public enum ChangeRefusal: Error, Equatable, CustomStringConvertible {
    case noOccurrence(uid: String)
    case noForum(String)
    case unreadableStart(String)
    case outsideItsYear(Int)
    case noVenue(String)
    case startHasPassed(LocalDateTime)
    case alreadyStarted(uid: String)
    case alreadyCancelled(uid: String)
    case nothingToUndo(uid: String)
    case clashes([String])
    case noReason
    case reasonTooLong(limit: Int)
    /// The ledger could not be read or written while `doing` something.
    case ledger(doing: String, error: String)
    case notInvited(forum: String, uid: String)
    case notYetStarted(uid: String)
    case unknownAnswer(String)
    case noForumsNamed
    case cameAndApologised([String])
    case unreadableDuration(String)
    case notAnAddress(String)
    /// The inbox's files could not be read or removed while `doing` something.
    case inbox(doing: String, error: String)
    case noItem(Int)
    /// An item raised at a meeting still to come: agenda items are not kept.
    case meetingNotHeld(uid: String)
    case missing(String)
    case tooLong(String, limit: Int)
    case unreadableDue(String)
    case unknownStatus(String)
    case item(ItemRefusal)

    public var description: String {
        switch self {
        case .noOccurrence(let uid): "no occurrence \"\(uid)\""
        case .noForum(let id): "no forum \"\(id)\""
        case .unreadableStart(let start): "start: expected a local date and time such as 2027-03-10T10:00, not \"\(start)\""
        case .outsideItsYear(let year): "start: a meeting can move within its year (\(year)) only"
        case .noVenue(let venue): "venue: no venue \"\(venue)\""
        case .startHasPassed(let start): "start: \(start) has passed; a meeting can move only to a time still to come"
        case .alreadyStarted(let uid): "\(uid) has already started or taken place; it can no longer be changed"
        case .alreadyCancelled(let uid): "\(uid) is already cancelled"
        case .nothingToUndo(let uid): "\(uid) has no cancel or move to undo"
        case .clashes(let conflicts):
            "the move clashes: " + conflicts.joined(separator: "; ") + " (nothing was changed; --dry-run shows the clashes)"
        case .noReason: "reason: say why (it is kept and told to the forums)"
        case .reasonTooLong(let limit): "reason: at most \(limit) characters"
        case .ledger(let doing, let error): "cannot \(doing): \(error)"
        case .notInvited(let forum, let uid): "\(forum) is not invited to \(uid)"
        case .notYetStarted(let uid): "\(uid) has not started yet; record who came once it has"
        case .unknownAnswer(let word): "answer: expected accepted, declined or tentative, not \"\(word)\""
        case .noForumsNamed: "name the forums that came, or those that sent apologies"
        case .cameAndApologised(let forums): "a forum cannot both come and send apologies: " + forums.joined(separator: ", ")
        case .unreadableDuration(let text):
            "older_than: expected a period such as P90D, P12W or P3M, not \"\(text)\""
        case .notAnAddress(let text): "contact: expected an email address, not \"\(text)\""
        case .inbox(let doing, let error): "cannot \(doing): \(error)"
        case .noItem(let id): "no item \(id)"
        case .meetingNotHeld(let uid):
            "\(uid) has not started yet; record what forums raise at a meeting once it has begun"
        case .missing(let field): "\(field): missing"
        case .tooLong(let field, let limit): "\(field): at most \(limit) characters"
        case .unreadableDue(let text): "due: expected a date such as 2027-04-30, not \"\(text)\""
        case .unknownStatus(let text): "status: expected open, in_progress, done or wont_do, not \"\(text)\""
        case .item(let refusal): refusal.description
        }
    }
}
