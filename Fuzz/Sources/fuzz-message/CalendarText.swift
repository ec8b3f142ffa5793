import FuzzSupport

/// An iCalendar object read back (RFC 5545): physical lines of at most 75 octets ending
/// in CRLF, no control characters but tab, unfolded into content lines; components
/// properly nested; TEXT values unescaped.
struct CalendarText {
    struct Property {
        let name: String
        let parameters: [String: String]
        let value: String
        /// The components it is in, outermost first: `VCALENDAR/VEVENT/VALARM`.
        let path: String
    }

    private(set) var properties: [Property] = []

    init(_ text: String) {
        let physical = MailMessage.lines(Array(text.utf8), limit: 75, what: "calendar")
        var logical: [[UInt8]] = []
        for line in physical {
            require(!line.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }, "a control character in a calendar line")
            if let first = line.first, first == 0x20 || first == 0x09 {
                require(!logical.isEmpty, "the calendar starts with a continuation line")
                logical[logical.count - 1] += line.dropFirst()
            } else {
                logical.append(line)
            }
        }
        var components: [String] = []
        for line in logical {
            guard let property = Self.property(line, path: components.joined(separator: "/")) else {
                continue
            }
            switch property.name {
            case "BEGIN":
                components.append(property.value)
            case "END":
                require(components.last == property.value, "END:\(property.value) closes \(components.last ?? "nothing")")
                components.removeLast()
            default:
                require(!components.isEmpty, "a property outside any component: \(property.name)")
                properties.append(property)
            }
        }
        require(components.isEmpty, "components left open: \(components)")
        require(logical.first == Array("BEGIN:VCALENDAR".utf8), "the calendar does not start with BEGIN:VCALENDAR")
    }

    /// The properties named `name` in the component at `path`.
    func values(_ name: String, in path: String) -> [Property] {
        properties.filter { $0.name == name && $0.path == path }
    }

    /// `NAME;PARAM=VALUE;PARAM="QUOTED":VALUE`. A quoted parameter value holds no `"`;
    /// an unquoted one no `:`, `;` or `,`. Read as bytes: every separator is ASCII, and
    /// one may stand before a combining accent.
    private static func property(_ line: [UInt8], path: String) -> Property? {
        let text = String(decoding: line, as: UTF8.self)
        func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        let (semicolon, colon, comma, equals, quote) = (
            UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ","),
            UInt8(ascii: "="), UInt8(ascii: "\"")
        )
        var rest = line[...]
        let name = rest.prefix { $0 != semicolon && $0 != colon }
        let isNameByte = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
        }
        require(!name.isEmpty && name.allSatisfy(isNameByte), "a bad property name in \(text)")
        rest = rest.dropFirst(name.count)
        var parameters: [String: String] = [:]
        while rest.first == semicolon {
            rest = rest.dropFirst()
            let parameterName = rest.prefix { $0 != equals }
            rest = rest.dropFirst(parameterName.count)
            guard rest.first == equals else {
                require(false, "a parameter without a value in \(text)")
                return nil
            }
            rest = rest.dropFirst()
            let value: ArraySlice<UInt8>
            if rest.first == quote {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: quote) else {
                    require(false, "an unclosed quoted parameter value in \(text)")
                    return nil
                }
                value = rest[..<close]
                rest = rest[(close + 1)...]
                require(rest.first == semicolon || rest.first == colon, "a quoted parameter value with more after it in \(text)")
            } else {
                value = rest.prefix { $0 != semicolon && $0 != colon && $0 != comma }
                rest = rest.dropFirst(value.count)
            }
            parameters[string(parameterName)] = string(value)
        }
        guard rest.first == colon else {
            require(false, "no ':' before the value in \(text)")
            return nil
        }
        return Property(name: string(name), parameters: parameters, value: string(rest.dropFirst()), path: path)
    }

    /// A TEXT value unescaped (RFC 5545 §3.3.11): `\\`, `\;`, `\,` and `\n` (or `\N`);
    /// no other backslash, and no bare `;` or `,`.
    static func unescaped(_ value: String) -> String {
        var out: [UInt8] = []
        var escaping = false
        for byte in value.utf8 {
            if escaping {
                switch byte {
                case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","): out.append(byte)
                case UInt8(ascii: "n"), UInt8(ascii: "N"): out.append(0x0A)
                default: require(false, "an unknown escape \\\(UnicodeScalar(byte)) in TEXT \(value)")
                }
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                require(byte != UInt8(ascii: ";") && byte != UInt8(ascii: ","), "a bare ; or , in TEXT \(value)")
                out.append(byte)
            }
        }
        require(!escaping, "TEXT ends in a lone backslash: \(value)")
        return String(decoding: out, as: UTF8.self)
    }
}
