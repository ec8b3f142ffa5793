import ConveneCore
import FoundationEssentials

/// What an inbound message is, read from its bytes alone (matching it to a forum and a
/// meeting comes after, against the ledger and the configuration).
public struct InboundMessage: Sendable, Equatable {
    public enum Reading: Sendable, Equatable {
        /// A calendar program's Yes / No / Maybe (an iTIP REPLY).
        case calendarReply(CalendarReply)
        /// A mail reply whose first line is YES, NO or MAYBE (or Welsh IE, NA).
        case textReply(answer: Answer, reason: String?)
        /// An out-of-office or other automatic reply (RFC 3834 and older conventions).
        case autoReply
        /// A delivery status notification (RFC 3464): these recipients' addresses failed.
        case bounce(recipients: [String])
        /// Anything else: a question, a calendar message that is not a REPLY.
        case other
    }

    /// Message-ID without angle brackets.
    public let messageID: String?
    /// The From address, lower-cased, without a display name.
    public let from: String?
    /// The ids this message answers: In-Reply-To, then References (newest first).
    public let answering: [String]
    public let subject: String?
    public let reading: Reading

    public init(messageID: String?, from: String?, answering: [String], subject: String?, reading: Reading) {
        self.messageID = messageID
        self.from = from
        self.answering = answering
        self.subject = subject
        self.reading = reading
    }

    /// Reads `bytes` within `limits`; too large, too deep, too many parts or not MIME
    /// that can be read throws the reason.
    public static func read(_ bytes: [UInt8], limits: InboundLimits = InboundLimits()) throws(InboundProblem) -> InboundMessage {
        guard bytes.count <= limits.bytes else { throw .tooLarge(limit: limits.bytes) }
        var reader = MailReader(limits: limits)
        let root = try reader.read(bytes[...])
        guard root.field("from") != nil || root.field("message-id") != nil else {
            throw .malformed("it has no From or Message-ID header")
        }
        let inReplyTo = root.field("in-reply-to").map(Self.messageIDs) ?? []
        let references = root.field("references").map { Self.messageIDs($0).reversed() } ?? []
        var answering = inReplyTo
        for id in references where !answering.contains(id) { answering.append(id) }
        return InboundMessage(
            messageID: root.field("message-id").flatMap { Self.messageIDs($0).first },
            from: root.field("from").flatMap(Self.address),
            answering: answering,
            subject: root.field("subject").map { EncodedWords.decode($0) },
            reading: Self.reading(of: root))
    }

    static func reading(of root: MailEntity) -> Reading {
        if root.contentType.type == "multipart/report",
            root.contentType.parameters["report-type"]?.lowercased() == "delivery-status"
        {
            return .bounce(recipients: Self.failedRecipients(root))
        }
        let calendars = root.all.filter {
            $0.contentType.type == "text/calendar" || $0.contentType.type == "application/ics"
                || ($0.contentType.parameters["name"]?.lowercased().hasSuffix(".ics") ?? false)
        }
        for part in calendars {
            let text = part.text
            let method = part.contentType.parameters["method"]?.uppercased() ?? CalendarText.method(text)
            if method == "REPLY", let reply = CalendarText.reply(text) { return .calendarReply(reply) }
        }
        if Self.isAutomatic(root) { return .autoReply }
        if let text = Self.firstText(root), let (answer, reason) = TextReply.read(text) {
            return .textReply(answer: answer, reason: reason)
        }
        return .other
    }

    /// RFC 3834's Auto-Submitted (anything but "no"), and the older out-of-office marks.
    static func isAutomatic(_ root: MailEntity) -> Bool {
        if let submitted = root.field("auto-submitted"), submitted.lowercased().trimmingASCIIWhitespace() != "no" { return true }
        if root.field("x-autoreply") != nil || root.field("x-autorespond") != nil { return true }
        let precedence = root.field("precedence")?.lowercased().trimmingASCIIWhitespace()
        return precedence == "auto_reply"
    }

    /// The first text part that is not an attachment: text/plain, else text/html as text.
    static func firstText(_ root: MailEntity) -> String? {
        let leaves = root.all.filter { $0.parts.isEmpty && !$0.isAttachment }
        if let plain = leaves.first(where: { $0.contentType.type == "text/plain" }) { return plain.text }
        if let html = leaves.first(where: { $0.contentType.type == "text/html" }) { return HTMLText.text(html.text) }
        return nil
    }

    /// Recipients whose `Action:` is `failed` in the message/delivery-status part.
    static func failedRecipients(_ root: MailEntity) -> [String] {
        guard let status = root.all.first(where: { $0.contentType.type == "message/delivery-status" }) else { return [] }
        var failed: [String] = []
        // Per-message fields, then one block per recipient, separated by empty lines.
        for block in status.text.replacing("\r\n", with: "\n").components(separatedBy: "\n\n") {
            let fields = MailReader.fields(Array(block.utf8)[...])
            let action = fields.first { $0.name == "action" }?.value.lowercased()
            guard action == "failed",
                let recipient = fields.first(where: { $0.name == "final-recipient" })
                    ?? fields.first(where: { $0.name == "original-recipient" })
            else { continue }
            // "rfc822; someone@example.org"
            let address = recipient.value.split(separator: ";", maxSplits: 1).last.map { $0.trimmingASCIIWhitespace() }
            if let address = address.flatMap(Self.address), !failed.contains(address) { failed.append(address) }
        }
        return failed
    }

    /// `field` without RFC 5322 comments: `a@b (Mail Delivery System)` is `a@b`.
    static func withoutComments(_ field: String) -> String {
        var out = ""
        var depth = 0
        var quoted = false
        for character in field {
            if character == "\"" && depth == 0 { quoted.toggle() }
            if !quoted && character == "(" {
                depth += 1
            } else if !quoted && character == ")" && depth > 0 {
                depth -= 1
            } else if depth == 0 {
                out.append(character)
            }
        }
        return out
    }

    /// The ids in a Message-ID, In-Reply-To or References field, without angle brackets.
    static func messageIDs(_ field: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(field)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingASCIIWhitespace()
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty, !field.trimmingASCIIWhitespace().isEmpty, !field.contains(" ") {
            ids.append(field.trimmingASCIIWhitespace())
        }
        return ids
    }

    /// The address in `Name <a@b>` or a bare `a@b`, lower-cased; nil if there is none.
    static func address(_ field: String) -> String? {
        var candidate = Self.withoutComments(field).trimmingASCIIWhitespace()
        if let open = candidate.lastIndex(of: "<"), let close = candidate[open...].firstIndex(of: ">") {
            candidate = String(candidate[candidate.index(after: open)..<close])
        }
        candidate = candidate.trimmingASCIIWhitespace().lowercased()
        if candidate.hasPrefix("mailto:") { candidate = String(candidate.dropFirst(7)) }
        let parts = candidate.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !candidate.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        return candidate
    }
}
