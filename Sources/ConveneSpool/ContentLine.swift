/// One iCalendar content line (RFC 5545 §3.1): a property name, its parameters and
/// its value, written folded at 75 octets and ended by CRLF.
///
/// Written as UTF-8 bytes straight into the calendar part: every byte the rules look
/// at (separators, controls, the space that may not end a line) is ASCII, and a
/// letter's width in octets is known from its first byte.
struct ContentLine: Sendable {
    let name: String
    let parameters: [(name: String, value: String)]
    /// Already in the property's value syntax; `text(_:_:parameters:)` escapes TEXT.
    let value: String

    /// The longest a physical line may be, in octets, CRLF not counted.
    static let limit = 75

    init(_ name: String, _ value: String, parameters: [(name: String, value: String)] = []) {
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    /// A property of type TEXT (SUMMARY, DESCRIPTION, LOCATION), escaped.
    static func text(_ name: String, _ text: String, parameters: [(name: String, value: String)] = []) -> ContentLine {
        ContentLine(name, escaped(text), parameters: parameters)
    }

    /// The line as it goes into the file: folded, every physical line ending in CRLF.
    var folded: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the folded line to `out`.
    func write(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: name.utf8)
        for parameter in parameters {
            out.append(UInt8(ascii: ";"))
            out.append(contentsOf: parameter.name.utf8)
            out.append(UInt8(ascii: "="))
            ContentLine.appendParameterValue(parameter.value, to: &out)
        }
        out.append(UInt8(ascii: ":"))
        ContentLine.appendWithoutControls(value, to: &out)
        // Most lines fit as they are; only a longer one is taken back out and folded.
        let length = out.count - start
        if length < ContentLine.limit || (length == ContentLine.limit && out.last != UInt8(ascii: " ")) {
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
            return
        }
        let line = Array(out[start...])
        out.removeLast(length)
        ContentLine.fold(line, into: &out)
    }

    /// RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, and every kind of
    /// line break becomes `\n`, so that a value stays on one logical line.
    static func escaped(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            var out: [UInt8] = []
            var copied = 0
            var afterCarriageReturn = false
            for (index, byte) in bytes.enumerated() {
                defer { afterCarriageReturn = byte == UInt8(ascii: "\r") }
                let escape: String
                switch byte {
                case UInt8(ascii: "\\"): escape = #"\\"#
                case UInt8(ascii: ";"): escape = #"\;"#
                case UInt8(ascii: ","): escape = #"\,"#
                case UInt8(ascii: "\r"): escape = #"\n"#
                case UInt8(ascii: "\n"): escape = afterCarriageReturn ? "" : #"\n"#
                default: continue
                }
                // What came before is copied as it is, in one piece.
                if out.isEmpty { out.reserveCapacity(bytes.count + 16) }
                out.append(contentsOf: bytes[copied..<index])
                out.append(contentsOf: escape.utf8)
                copied = index + 1
            }
            guard copied > 0 else { return text }
            out.append(contentsOf: bytes[copied...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A parameter value, quoted unless it is a plain token such as `Europe/London` or
    /// `REQ-PARTICIPANT`. RFC 5545 §3.2 needs quotes only around `:`, `;` and `,`, but
    /// some clients misread a name with spaces or accents without them. A quoted value
    /// cannot hold a double quote at all, so one becomes an apostrophe: a name reads the
    /// same with either, and RFC 6868's `^'` is not read by every client.
    static func parameterValue(_ value: String) -> String {
        var out: [UInt8] = []
        appendParameterValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `parameterValue(_:)`, appended to `out`.
    static func appendParameterValue(_ value: String, to out: inout [UInt8]) {
        let kept = { (byte: UInt8) in byte == UInt8(ascii: "\t") || !byte.isASCIIControl }
        // Tokens are ASCII, so a value with any other letter is quoted.
        let isToken = value.containsByte(where: kept) && !value.containsByte { kept($0) && !isTokenByte($0) }
        if isToken {
            appendWithoutControls(value, to: &out)
            return
        }
        out.append(UInt8(ascii: "\""))
        // Byte by byte, so that a `"` before a combining accent (one `Character` with it)
        // is replaced too: the accent then sits on the apostrophe.
        for byte in value.utf8 where kept(byte) { out.append(byte == UInt8(ascii: "\"") ? UInt8(ascii: "'") : byte) }
        out.append(UInt8(ascii: "\""))
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "+"):
            true
        default:
            false
        }
    }

    /// Control characters other than tab may not appear in a content line; a line
    /// break in a value that is not TEXT would start a new property.
    static func withoutControls(_ text: String) -> String {
        guard text.containsByte(where: { $0 != UInt8(ascii: "\t") && $0.isASCIIControl }) else { return text }
        var out: [UInt8] = []
        appendWithoutControls(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `withoutControls(_:)`, appended to `out`. Every control is one ASCII byte, never
    /// part of a longer UTF-8 sequence, so dropping bytes drops exactly those scalars.
    static func appendWithoutControls(_ text: String, to out: inout [UInt8]) {
        let isDropped = { (byte: UInt8) in byte != UInt8(ascii: "\t") && byte.isASCIIControl }
        guard text.containsByte(where: isDropped) else {
            out.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 where !isDropped(byte) { out.append(byte) }
    }

    /// Splits a logical line into physical lines of at most 75 octets, counting the
    /// space that starts each continuation, and never inside a UTF-8 sequence (§3.1).
    /// A space never ends a physical line (it goes to the next one instead), since mail
    /// systems may strip white space at the end of a line.
    static func fold(_ line: String, limit: Int = ContentLine.limit) -> String {
        var out: [UInt8] = []
        fold(Array(line.utf8), into: &out, limit: limit)
        return String(decoding: out, as: UTF8.self)
    }

    /// `fold(_:limit:)` on UTF-8 bytes, appended to `out`.
    static func fold(_ line: [UInt8], into out: inout [UInt8], limit: Int = ContentLine.limit) {
        var octets = 0
        var physicalStart = 0
        var index = 0
        while index < line.count {
            let size = line[index].utf8SequenceLength
            if octets + size > limit || (line[index] == UInt8(ascii: " ") && octets + size == limit) {
                out.append(contentsOf: line[physicalStart..<index])
                out.append(contentsOf: "\r\n ".utf8)
                physicalStart = index
                octets = 1
            }
            octets += size
            index += size
        }
        out.append(contentsOf: line[physicalStart...])
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }
}
