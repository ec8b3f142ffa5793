extension ScheduleDocument {
    /// The document as the protocol's JSON, byte for byte what `JSONEncoder` gives with
    /// sorted keys and unescaped slashes, written straight into bytes: a national month's
    /// page of 500 meetings is about 240 kB, and encoding it through `Codable` took most
    /// of the time its answer took.
    public func jsonBytes() -> [UInt8] {
        var json = JSONBytes()
        json.bytes.reserveCapacity(128 + occurrences.count * 480)
        json.raw("{\"next_cursor\":")
        json.optional(nextCursor)
        json.raw(",\"occurrences\":[")
        for (position, item) in occurrences.enumerated() {
            if position > 0 { json.raw(",") }
            // The keys in sorted order, as `.sortedKeys` writes them.
            json.raw("{\"cannot_attend\":")
            json.list(item.cannotAttend)
            json.raw(",\"conflicts\":")
            json.list(item.conflicts)
            json.raw(",\"end\":")
            json.string(item.end)
            json.raw(",\"forums\":")
            json.list(item.forums)
            json.raw(",\"meeting\":")
            json.string(item.meeting)
            json.raw(",\"online\":")
            json.optional(item.online)
            json.raw(",\"reason\":")
            json.optional(item.reason)
            json.raw(",\"start\":")
            json.string(item.start)
            json.raw(",\"status\":")
            json.string(item.status)
            json.raw(",\"title\":")
            json.string(item.title)
            json.raw(",\"uid\":")
            json.string(item.uid)
            json.raw(",\"venue\":")
            json.optional(item.venue)
            json.raw(",\"venue_name\":")
            json.optional(item.venueName)
            json.raw("}")
        }
        json.raw("]}")
        return json.bytes
    }
}

/// JSON written as bytes, strings escaped as `JSONEncoder` escapes them: quotation
/// mark, reverse solidus and control characters (`\b \f \n \r \t` by name, the rest as
/// `\u00XX`); everything else, slashes and non-ASCII included, as it is.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case ..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func optional(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func list(_ texts: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (position, text) in texts.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            string(text)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
