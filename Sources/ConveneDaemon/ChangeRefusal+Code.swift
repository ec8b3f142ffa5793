import ConveneDelivery
import ConveneProtocol

extension ChangeRefusal {
    /// The control API's code for this refusal.
    var code: ErrorCode {
        switch self {
        case .noOccurrence, .noForum: .notFound
        case .unreadableStart, .outsideItsYear, .noVenue, .startHasPassed, .noReason, .reasonTooLong, .notInvited,
            .unknownAnswer, .noForumsNamed, .cameAndApologised, .unreadableDuration, .notAnAddress:
            .badRequest
        case .alreadyStarted, .alreadyCancelled, .nothingToUndo, .clashes, .notYetStarted: .clash
        case .ledger, .inbox: .internalError
        }
    }
}
