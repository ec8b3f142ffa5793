import FuzzSupport

/// A message as written to the spool, taken apart the way a mail reader would, checking
/// the form on the way: 7-bit, CRLF line ends only, lines of at most 998 octets,
/// headers with field names, a multipart/alternative body of exactly two parts
/// between the boundaries, each quoted-printable.
struct MailMessage {
    struct Part {
        var headers: [String: String]
        /// The body after quoted-printable decoding.
        var decoded: [UInt8]
    }

    /// Unfolded header fields by lower-case name, the value without the space after `:`.
    private(set) var headers: [String: String] = [:]
    private(set) var parts: [Part] = []

    init(_ text: String) {
        let bytes = Array(text.utf8)
        require(bytes.allSatisfy { $0 < 0x80 }, "the message is not 7-bit")
        let lines = Self.lines(bytes, limit: 998, what: "message")
        guard let blank = lines.firstIndex(where: \.isEmpty) else {
            require(false, "the message has no blank line after its headers")
            return
        }
        headers = Self.fields(lines[..<blank], what: "message")
        let contentType = headers["content-type"] ?? ""
        let prefix = "multipart/alternative; boundary=\""
        require(contentType.hasPrefix(prefix) && contentType.hasSuffix("\""), "Content-Type: \(contentType)")
        let boundary = Array("--".utf8) + Array(contentType.utf8.dropFirst(prefix.utf8.count).dropLast())
        let body = Array(lines[(blank + 1)...])
        let delimiters = body.indices.filter { body[$0].starts(with: boundary) }
        require(delimiters.count == 3, "\(delimiters.count) lines start with the boundary, not 3")
        guard delimiters.count == 3 else { return }
        require(delimiters[0] == 0, "the body has a preamble")
        require(body[delimiters[0]] == boundary && body[delimiters[1]] == boundary, "a delimiter line with more after it")
        require(body[delimiters[2]] == boundary + Array("--".utf8), "the last boundary does not close the body")
        require(delimiters[2] == body.count - 1, "the body goes on after its closing boundary")
        for (from, to) in [(delimiters[0] + 1, delimiters[1]), (delimiters[1] + 1, delimiters[2])] {
            parts.append(Self.part(Array(body[from..<to])))
        }
    }

    /// The lines of `bytes`, each of which must end in CRLF (no CR or LF alone) and be
    /// at most `limit` octets long.
    static func lines(_ bytes: [UInt8], limit: Int, what: String) -> [[UInt8]] {
        require(bytes.suffix(2) == [0x0D, 0x0A], "the \(what) does not end in CRLF")
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0D:
                require(
                    index + 1 < bytes.count && bytes[index + 1] == 0x0A, "a CR without LF in the \(what), line \(lines.count + 1)"
                )
                lines.append(Array(bytes[start..<index]))
                index += 2
                start = index
            case 0x0A:
                require(false, "an LF without CR in the \(what), line \(lines.count + 1)")
                index += 1
            default:
                index += 1
            }
        }
        for (number, line) in lines.enumerated() {
            require(
                line.count <= limit,
                "line \(number + 1) of the \(what) is \(line.count) octets long: \(String(decoding: line, as: UTF8.self))")
        }
        return lines
    }

    /// Header lines unfolded (RFC 5322 §2.2.3: a line starting with white space goes on
    /// the field before it), by lower-case name.
    static func fields(_ lines: ArraySlice<[UInt8]>, what: String) -> [String: String] {
        var unfolded: [[UInt8]] = []
        for line in lines {
            if let first = line.first, first == 0x20 || first == 0x09 {
                require(!unfolded.isEmpty, "the \(what)'s headers start with a continuation line")
                unfolded[unfolded.count - 1] += line
            } else {
                unfolded.append(line)
            }
        }
        var fields: [String: String] = [:]
        for field in unfolded {
            guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                field[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                require(false, "not a header field: \(String(decoding: field, as: UTF8.self))")
                continue
            }
            let name = String(decoding: field[..<colon], as: UTF8.self).lowercased()
            require(fields[name] == nil, "the header \(name) appears twice")
            var value = field[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
            fields[name] = String(decoding: value, as: UTF8.self)
        }
        return fields
    }

    /// One body part: its headers, a blank line and a quoted-printable body, whose last
    /// CRLF is the one before the next boundary (RFC 2046 §5.1.1), so the body's lines
    /// end in an empty one.
    private static func part(_ lines: [[UInt8]]) -> Part {
        guard let blank = lines.firstIndex(where: \.isEmpty) else {
            require(false, "a part without a blank line after its headers")
            return Part(headers: [:], decoded: [])
        }
        let headers = fields(lines[..<blank], what: "part")
        require(headers["content-transfer-encoding"] == "quoted-printable", "a part not in quoted-printable")
        let body = Array(lines[(blank + 1)...])
        require(body.last == [], "a part whose body does not end before the boundary's CRLF")
        return Part(headers: headers, decoded: QuotedPrintableDecoder.decode(body.dropLast()))
    }
}

/// Quoted-printable (RFC 2045 §6.7), read strictly: lines of at most 76 characters,
/// `=` only before two upper-case hex digits or a line's end, no white space at a line's end.
enum QuotedPrintableDecoder {
    static func decode(_ lines: ArraySlice<[UInt8]>) -> [UInt8] {
        var out: [UInt8] = []
        for (number, line) in lines.enumerated() {
            require(line.count <= 76, "quoted-printable line \(number + 1) is \(line.count) characters long")
            require(line.last != 0x20 && line.last != 0x09, "quoted-printable line \(number + 1) ends in white space")
            var index = 0
            var soft = false
            while index < line.count {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index == line.count - 1 {
                        soft = true
                        break
                    }
                    guard index + 2 < line.count, let high = hex(line[index + 1]), let low = hex(line[index + 2]) else {
                        require(
                            false, "a bad escape in quoted-printable line \(number + 1): \(String(decoding: line, as: UTF8.self))"
                        )
                        return out
                    }
                    out.append(high << 4 | low)
                    index += 3
                } else {
                    require(byte == 0x09 || (byte >= 0x20 && byte < 0x7F), "byte \(byte) left as it is in quoted-printable")
                    out.append(byte)
                    index += 1
                }
            }
            if !soft { out += [0x0D, 0x0A] }
        }
        return out
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
