import ConveneProtocol
import ConveneServer
import Foundation
import FuzzSupport

/// What every answer of the control API must be: JSON (or the calendar feed) ending in
/// a newline; for a success, a JSON object, and for a change the very uid and reason
/// the daemon was handed; for a failure, the error document with a known code and the
/// status that code stands for.
struct AnswerCheck {
    let request: FuzzedRequest
    let answer: Answer
    let received: (change: OccurrenceChange, dryRun: Bool)?

    func run() {
        let what = "\(request.method) \(request.target) → \(answer.status) \(String(decoding: answer.body, as: UTF8.self))"
        require(answer.status != 500, "an internal error from a daemon that never fails: \(what)")
        if answer.status == 304 {
            require(answer.body.isEmpty, "a 304 with a body: \(what)")
            return
        }
        if answer.contentType == "text/calendar; charset=utf-8" {
            require(answer.status == 200 && request.target.contains(".ics"), "a calendar where none was asked for: \(what)")
            return
        }
        require(answer.contentType == "application/json", "Content-Type \(answer.contentType ?? "none"): \(what)")
        require(answer.body.last == UInt8(ascii: "\n"), "the body does not end in a newline: \(what)")
        let body = Data(answer.body)
        if (200..<300).contains(answer.status) {
            require(
                (try? JSONSerialization.jsonObject(with: body)) is [String: Any], "a success that is not a JSON object: \(what)")
            if let received { checkEcho(of: received.change, dryRun: received.dryRun, body, what) }
            return
        }
        require(received == nil, "the daemon made a change but the answer is a failure: \(what)")
        guard let document = try? JSONDecoder().decode(ErrorDocument.self, from: body) else {
            require(false, "a failure that is not an error document: \(what)")
            return
        }
        guard let code = ErrorCode(rawValue: document.error.code) else {
            require(false, "unknown error code \(document.error.code): \(what)")
            return
        }
        require(!document.error.message.isEmpty, "an error without a message: \(what)")
        // Hummingbird's own refusals (a method an endpoint does not take) keep their
        // status and say bad_request.
        let statusOK = code == .badRequest ? (400..<500).contains(answer.status) : answer.status == Self.status(for: code)
        require(statusOK, "code \(code.rawValue) with status \(answer.status): \(what)")
    }

    /// The change document the stub made from what it was handed, read back from JSON.
    private func checkEcho(of change: OccurrenceChange, dryRun: Bool, _ body: Data, _ what: String) {
        guard let document = try? JSONDecoder().decode(ChangeDocument.self, from: body) else {
            require(false, "a change answered without a change document: \(what)")
            return
        }
        require(
            document.occurrence.uid == change.uid,
            "uid \(change.uid.debugDescription) came back as \(document.occurrence.uid.debugDescription)")
        require(document.action == change.action && document.dryRun == dryRun, "action or dry_run changed: \(what)")
        switch change {
        case .cancel(_, let reason), .restore(_, let reason), .move(_, _, _, let reason):
            require(
                document.occurrence.reason == reason,
                "reason \(reason.debugDescription) came back as \(String(describing: document.occurrence.reason))")
        }
    }

    /// The status each code stands for (docs/openapi.yaml).
    static func status(for code: ErrorCode) -> Int {
        switch code {
        case .badRequest, .configInvalid: 400
        case .forbidden: 403
        case .notFound: 404
        case .clash: 409
        case .tooLarge: 413
        case .internalError: 500
        }
    }
}
