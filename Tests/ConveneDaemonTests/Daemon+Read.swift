import ConveneProtocol
import ConveneServer
import Foundation

@testable import ConveneDaemon

extension Daemon {
    /// A read as the control API answers it, from the newest snapshot, decoded.
    nonisolated func read<Document: Decodable>(_ request: ReadRequest, as type: Document.Type) throws -> Document {
        let answer = board.snapshot.answer(request)
        if let failure = answer.failure { throw ControlFailure(failure, String(buffer: answer.body)) }
        return try JSONDecoder().decode(type, from: Data(answer.body.readableBytesView))
    }
}
