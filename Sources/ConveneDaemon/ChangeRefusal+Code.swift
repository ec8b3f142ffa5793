import ConveneDelivery
import ConveneProtocol

extension ChangeRefusal {
    /// The control API's code for this refusal.
    var code: ErrorCode {
        switch self {
        case .noOccurrence, .noForum, .noItem: .notFound
        case .unreadableStart, .outsideItsYear, .noVenue, .startHasPassed, .noReason, .reasonTooLong, .notInvited,
            .unknownAnswer, .noForumsNamed, .cameAndApologised, .unreadableDuration, .notAnAddress, .missing, .tooLong,
            .unreadableDue, .unknownStatus, .item:
            .badRequest
        case .alreadyStarted, .alreadyCancelled, .nothingToUndo, .clashes, .notYetStarted, .meetingNotHeld: .clash
        case .ledger, .inbox: .internalError
        }
    }
}
