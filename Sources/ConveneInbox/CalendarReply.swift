import ConveneCore

/// An iTIP REPLY (RFC 5546 §3.2.3) as a calendar program sends it: whose answer, to which
/// event and SEQUENCE, and why.
public struct CalendarReply: Sendable, Equatable {
    public struct Attendee: Sendable, Equatable {
        /// The address, lower-cased, without `mailto:` (any case).
        public let address: String
        /// The PARTSTAT as written (`ACCEPTED`, …), upper-cased.
        public let partStat: String
        /// A note given with the answer in the ATTENDEE itself (Google Calendar's
        /// `X-RESPONSE-COMMENT`), unescaped.
        public let note: String?

        public init(address: String, partStat: String, note: String? = nil) {
            self.address = address
            self.partStat = partStat
            self.note = note
        }

        /// Coming, not coming or maybe; nil for `NEEDS-ACTION`, `DELEGATED` and the like.
        public var answer: Answer? { Answer(partStat: partStat) }
    }

    public let uid: String
    public let sequence: Int
    /// DTSTAMP as written, e.g. `20270216T101500Z`.
    public let stamp: String?
    public let attendees: [Attendee]
    /// COMMENT, unescaped: the reason, when the program lets people give one.
    public let comment: String?

    public init(uid: String, sequence: Int, stamp: String?, attendees: [Attendee], comment: String?) {
        self.uid = uid
        self.sequence = sequence
        self.stamp = stamp
        self.attendees = attendees
        self.comment = comment
    }
}

/// Just enough of iCalendar (RFC 5545) to read a REPLY: unfolded content lines, the
/// METHOD, and the first VEVENT's UID, SEQUENCE, DTSTAMP, ATTENDEEs and COMMENT.
enum CalendarText {
    struct Line {
        let name: String
        let parameters: [String: String]
        let value: String
    }

    /// The METHOD of the VCALENDAR, upper-cased, if any.
    static func method(_ text: String) -> String? {
        lines(text).first { $0.name == "METHOD" }?.value.uppercased()
    }

    static func reply(_ text: String) -> CalendarReply? {
        var uid: String?
        var sequence = 0
        var stamp: String?
        var attendees: [CalendarReply.Attendee] = []
        var comments: [String] = []
        // Only the first VEVENT's own properties count, not those of a VALARM inside it.
        var depth: Int?
        events: for line in lines(text) {
            switch (depth, line.name) {
            case (nil, "BEGIN") where line.value.uppercased() == "VEVENT": depth = 0
            case (nil, _): continue
            case (let level?, "BEGIN"): depth = level + 1
            case (0, "END"): break events
            case (let level?, "END"): depth = level - 1
            case (0, "UID"): uid = line.value
            case (0, "SEQUENCE"): sequence = Int(line.value.trimmingASCIIWhitespace()) ?? 0
            case (0, "DTSTAMP"): stamp = line.value
            case (0, "ATTENDEE"):
                var address = line.value.trimmingASCIIWhitespace()
                if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                let partStat = (line.parameters["PARTSTAT"] ?? "NEEDS-ACTION").uppercased()
                let note = line.parameters["X-RESPONSE-COMMENT"].map { HTMLText.text(unescaped($0)).trimmingASCIIWhitespace() }
                attendees.append(
                    .init(address: address.lowercased(), partStat: partStat, note: note?.isEmpty == false ? note : nil))
            case (0, "COMMENT"): comments.append(unescaped(line.value))
            default: continue
            }
        }
        guard let uid, !uid.isEmpty else { return nil }
        let comment = comments.joined(separator: "\n").trimmingASCIIWhitespace()
        return CalendarReply(
            uid: uid, sequence: sequence, stamp: stamp, attendees: attendees, comment: comment.isEmpty ? nil : comment)
    }

    /// Content lines, unfolded (CRLF or LF, then a space or tab, continues a line).
    static func lines(_ text: String) -> [Line] {
        var unfolded: [String] = []
        // "\r\n" is one Character in Swift: make line ends one kind before splitting.
        for raw in text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = Substring(raw)
            if let first = line.first, first == " " || first == "\t", !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += line.dropFirst()
            } else if !line.isEmpty {
                unfolded.append(String(line))
            }
        }
        return unfolded.compactMap(parse)
    }

    /// `NAME;PARAM=VALUE;PARAM="VALUE":value`, names upper-cased.
    private static func parse(_ line: String) -> Line? {
        var quoted = false
        var nameEnd: String.Index?
        var colon: String.Index?
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if !quoted, nameEnd == nil, character == ";" || character == ":" { nameEnd = index }
            if !quoted, character == ":" {
                colon = index
                break
            }
        }
        guard let nameEnd, let colon else { return nil }
        var parameters: [String: String] = [:]
        if nameEnd < colon {
            for piece in splitOutsideQuotes(String(line[line.index(after: nameEnd)..<colon]), by: ";") {
                guard let equals = piece.firstIndex(of: "=") else { continue }
                var value = String(piece[piece.index(after: equals)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                parameters[piece[..<equals].uppercased()] = value
            }
        }
        return Line(name: line[..<nameEnd].uppercased(), parameters: parameters, value: String(line[line.index(after: colon)...]))
    }

    private static func splitOutsideQuotes(_ text: String, by separator: Character) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == separator && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }

    /// TEXT value escapes: `\n`, `\N`, `\,`, `\;`, `\\`.
    static func unescaped(_ value: String) -> String {
        var out = ""
        var escaped = false
        for character in value {
            if escaped {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
