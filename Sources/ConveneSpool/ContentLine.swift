/// One iCalendar content line (RFC 5545 §3.1): a property name, its parameters and
/// its value, written folded at 75 octets and ended by CRLF.
struct ContentLine: Sendable {
    let name: String
    let parameters: [(name: String, value: String)]
    /// Already in the property's value syntax; `text(_:_:parameters:)` escapes TEXT.
    let value: String

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
        var line = name
        for parameter in parameters {
            line += ";" + parameter.name + "=" + ContentLine.parameterValue(parameter.value)
        }
        line += ":" + ContentLine.withoutControls(value)
        return ContentLine.fold(line)
    }

    /// RFC 5545 §3.3.11: backslash, semicolon and comma are escaped, and every kind of
    /// line break becomes `\n`, so that a value stays on one logical line.
    static func escaped(_ text: String) -> String {
        var out = ""
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !afterCarriageReturn { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value, quoted unless it is a plain token such as `Europe/London` or
    /// `REQ-PARTICIPANT`. RFC 5545 §3.2 needs quotes only around `:`, `;` and `,`, but
    /// some clients misread a name with spaces or accents without them. A quoted value
    /// cannot hold a double quote at all, so one becomes an apostrophe: a name reads the
    /// same with either, and RFC 6868's `^'` is not read by every client.
    static func parameterValue(_ value: String) -> String {
        let clean = withoutControls(value).replacingAll("\"", with: "'")
        let isToken = !clean.isEmpty && clean.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0)
                || ("0"..."9").contains($0) || "-_/.+".unicodeScalars.contains($0)
        }
        return isToken ? clean : "\"" + clean + "\""
    }

    /// Control characters other than tab may not appear in a content line; a line
    /// break in a value that is not TEXT would start a new property.
    static func withoutControls(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) })
        return out
    }

    /// Splits a logical line into physical lines of at most 75 octets, counting the
    /// space that starts each continuation, and never inside a UTF-8 sequence (§3.1).
    /// A space never ends a physical line (it goes to the next one instead), since mail
    /// systems may strip white space at the end of a line.
    static func fold(_ line: String, limit: Int = 75) -> String {
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if octets + size > limit || (scalar == " " && octets + size == limit) {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }
}

fileprivate extension String {
    /// Every `target` replaced by `replacement`, with the standard library alone.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
