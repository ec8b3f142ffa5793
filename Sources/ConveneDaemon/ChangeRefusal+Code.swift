import ConveneDelivery
import ConveneProtocol

extension ChangeRefusal {
    /// The control API's code for this refusal.
    var code: ErrorCode {
        switch self {
        case .noOccurrence, .noForum: .notFound
        case .unreadableStart, .outsideItsYear, .noVenue, .startHasPassed, .noReason, .reasonTooLong: .badRequest
        case .alreadyStarted, .alreadyCancelled, .nothingToUndo, .clashes: .clash
        case .ledger: .internalError
        }
    }
}
