import ConveneProtocol
import FoundationEssentials
import Hummingbird
import NIOCore

/// The answer to a read, encoded once: the bytes a snapshot keeps and every request for
/// the same thing shares (a `ByteBuffer` is copied on write, never on read), with an
/// entity tag made from those bytes, so a client that has them gets 304.
public struct ReadAnswer: Sendable {
    /// Nil for a document; the refusal's code otherwise.
    public let failure: ErrorCode?
    public let contentType: String
    public let body: ByteBuffer
    /// `"…"`, from the body's bytes: the same content has the same tag across snapshots
    /// and restarts. Nil for refusals.
    public let etag: String?
    /// The head of the full answer on a kept-alive connection, as HTTP/1.1 bytes, made
    /// once: what the event loop writes before `body` for most reads.
    private(set) var wireHead = ByteBuffer()

    init(failure: ErrorCode?, contentType: String, body: ByteBuffer, etag: String?) {
        self.failure = failure
        self.contentType = contentType
        self.body = body
        self.etag = etag
        wireHead = encodedHead(ifNoneMatch: nil, closing: false)
    }

    /// A document as the protocol's JSON.
    public static func document(_ value: some Encodable) -> ReadAnswer {
        do {
            var data = try JSONBody.encoder.encode(value)
            data.append(0x0A)
            return tagged(contentType: "application/json", bytes: data)
        } catch {
            return refusal(ControlFailure(.internalError, "cannot encode the answer: \(error)"))
        }
    }

    /// A document already written as the protocol's JSON (without the final newline).
    public static func json(_ bytes: [UInt8]) -> ReadAnswer {
        tagged(contentType: "application/json", bytes: bytes, newline: true)
    }

    /// An iCalendar document.
    public static func calendar(_ bytes: [UInt8]) -> ReadAnswer {
        tagged(contentType: "text/calendar; charset=utf-8", bytes: bytes)
    }

    /// A refusal, as the protocol's error document.
    public static func refusal(_ failure: ControlFailure) -> ReadAnswer {
        var data = (try? JSONBody.encoder.encode(ErrorDocument(code: failure.code, message: failure.message))) ?? Data()
        data.append(0x0A)
        return ReadAnswer(failure: failure.code, contentType: "application/json", body: ByteBuffer(bytes: data), etag: nil)
    }

    /// The body is allocated at its exact size: a kept answer holds its bytes and no
    /// more (growing a `ByteBuffer` doubles its capacity, so a national page written
    /// into a default one would keep up to twice its size).
    private static func tagged(contentType: String, bytes: some Collection<UInt8>, newline: Bool = false) -> ReadAnswer {
        var body = ByteBufferAllocator().buffer(capacity: bytes.count + (newline ? 1 : 0))
        body.writeBytes(bytes)
        if newline { body.writeInteger(UInt8(ascii: "\n")) }
        let digits = String(body.withUnsafeReadableBytes { Fingerprint.fnv1a($0) }, radix: 16)
        let tag = "\"" + String(repeating: "0", count: 16 - digits.count) + digits + "-\(body.readableBytes)\""
        return ReadAnswer(failure: nil, contentType: contentType, body: body, etag: tag)
    }

    /// The response to a request with `ifNoneMatch`: its head, and its body unless the
    /// client already has it (a 304, which has no `Content-Length`: NIO's encoder drops it).
    /// The router and the event loop's kept-answer path both answer with this, so the
    /// two are alike to the byte.
    public func response(ifNoneMatch: String?) -> (head: HTTPResponse, body: ByteBuffer?) {
        var fields: HTTPFields = [.contentType: contentType]
        let notModified = matches(ifNoneMatch: ifNoneMatch)
        if !notModified { fields[.contentLength] = String(body.readableBytes) }
        if let etag { fields[.eTag] = etag }
        if notModified {
            return (HTTPResponse(status: .notModified, headerFields: fields), nil)
        }
        let status = failure.map(JSONBody.status(for:)) ?? .ok
        return (HTTPResponse(status: status, headerFields: fields), body)
    }

    /// The answer as HTTP/1.1 bytes, head and body (no body for a 304), as the router's
    /// pipeline would encode `response(ifNoneMatch:)`, with `Connection: close` when the
    /// server closes after it.
    func wire(ifNoneMatch: String?, closing: Bool) -> (head: ByteBuffer, body: ByteBuffer?) {
        if ifNoneMatch == nil && !closing { return (wireHead, body) }
        let head = encodedHead(ifNoneMatch: ifNoneMatch, closing: closing)
        return (head, matches(ifNoneMatch: ifNoneMatch) ? nil : body)
    }

    private func encodedHead(ifNoneMatch: String?, closing: Bool) -> ByteBuffer {
        let (head, _) = response(ifNoneMatch: ifNoneMatch)
        var text = "HTTP/1.1 \(head.status.code) \(head.status.reasonPhrase)\r\n"
        for field in head.headerFields {
            text += "\(field.name.rawName): \(field.value)\r\n"
        }
        if closing { text += "Connection: close\r\n" }
        text += "\r\n"
        return ByteBuffer(string: text)
    }

    /// Whether a request's `If-None-Match` names this answer's tag (or `*`).
    public func matches(ifNoneMatch header: String?) -> Bool {
        guard let etag, let header else { return false }
        return header.split(separator: ",").contains { candidate in
            let trimmed = Self.trimmingSpaces(candidate)
            return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
        }
    }

    /// Without the blanks at either end that `trimmingCharacters(in: .whitespaces)` took:
    /// tab, space, the Unicode space separators and U+200B, scalar by scalar.
    static func trimmingSpaces(_ text: Substring) -> Substring {
        let isSpace = { (scalar: Unicode.Scalar) in
            switch scalar.value {
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        guard let first = text.unicodeScalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = text.unicodeScalars.lastIndex(where: { !isSpace($0) })!
        return Substring(text.unicodeScalars[first...last])
    }
}
