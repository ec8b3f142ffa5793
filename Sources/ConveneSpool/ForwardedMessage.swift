import ConveneCore

/// A message from a forum's contact that needs a person (a question, an access need),
/// forwarded to `[inbox] forward_to`: a short note saying who wrote and why Convene could
/// not record it, with their message attached whole (`message/rfc822`). Replying to it
/// replies to the contact.
public struct ForwardedMessage: Sendable {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - original: the message as it arrived, untouched.
    ///   - sender: the contact's address (already matched to `forum`), for Reply-To.
    ///   - subject: the original's subject, as decoded; shown after control characters
    ///     are removed and cut to 120 characters.
    ///   - key: identifies the original (its digest): the Message-ID and the boundary
    ///     come from it, so the same forward handed over twice is one message.
    public func render(
        _ original: [UInt8], forum: Forum, sender: String?, subject: String?, why: String, receivedAt: Int, to: String,
        key: String
    ) -> [UInt8] {
        let organisation = configuration.organisation
        let zone = organisation.timeZone
        let received = zone.zoned(instant: receivedAt).local
        var boundary = "=_convene_forward_" + key
        while Self.contains(original, boundary) { boundary += "_" }
        let shown = Self.clean(subject ?? "")
        var headers: [HeaderField] = [
            .addresses("From", [organisation.organiser]),
            .addresses("To", [Contact(name: "", email: to)]),
        ]
        if let sender { headers.append(.addresses("Reply-To", [Contact(name: "", email: sender)])) }
        headers += [
            .unstructured("Subject", "A message from \(forum.name) needs a person" + (shown.isEmpty ? "" : ": \(shown)")),
            .plain("Date", MailDate.format(instant: receivedAt, in: zone)),
            .plain("Message-ID", "<forward-\(key)@\(organisation.uidDomain)>"),
            .plain("MIME-Version", "1.0"),
            .plain("Content-Type", "multipart/mixed; boundary=\"\(boundary)\""),
            .plain("Auto-Submitted", "auto-generated"),
        ]
        var message: [UInt8] = []
        message.reserveCapacity(original.count + 2048)
        for header in headers { header.write(to: &message) }
        line("", &message)
        let note = [
            "A contact of \(forum.name) wrote to \(organisation.replyAddress) on "
                + "\(MeetingFacts.longDate(received.date)) at \(DateDigits.clock(received.time)).",
            "Convene could not record it as an answer: \(why). It needs a person to read it and reply.",
            "Their message is attached. Replying to this email replies to them.",
        ]
        line("--" + boundary, &message)
        line("Content-Type: text/plain; charset=utf-8", &message)
        line("Content-Transfer-Encoding: quoted-printable", &message)
        line("", &message)
        for paragraph in note {
            var encoded: [UInt8] = []
            QuotedPrintable.encode(Array(TextWrap.lines(paragraph).joined(separator: "\r\n").utf8), into: &encoded)
            message += encoded
            line("", &message)
            line("", &message)
        }
        line("--" + boundary, &message)
        line("Content-Type: message/rfc822", &message)
        line("Content-Disposition: attachment; filename=\"message.eml\"", &message)
        line("", &message)
        message += original
        if original.last != UInt8(ascii: "\n") { line("", &message) }
        line("--" + boundary + "--", &message)
        return message
    }

    private func line(_ text: String, _ out: inout [UInt8]) {
        out += Array(text.utf8)
        out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
    }

    /// Printable characters only (no line breaks from a hostile encoded-word), at most 120.
    static func clean(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
        let words = String(printable).split(separator: " ", omittingEmptySubsequences: true)
        let joined = words.joined(separator: " ")
        return joined.count > 120 ? String(joined.prefix(119)) + "…" : joined
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
