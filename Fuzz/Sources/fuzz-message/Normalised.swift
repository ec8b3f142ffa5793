/// What the writer is documented to change in free text, applied to the input so it
/// can be compared with what a reader gets back.
enum Normalised {
    /// Runs of white space and control characters as one space, none at either end: how
    /// a header (which splits its value into words) and the letter (which wraps at spaces
    /// and turns controls into spaces or line breaks) show text. Done on Unicode scalars,
    /// so nothing else may change: not a letter, not an accent.
    static func words(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return out
    }

    /// An iCalendar TEXT value after unescaping: each line break (CRLF, CR or LF) one LF,
    /// other ASCII controls but tab gone (RFC 5545 §3.3.11 allows none in a value).
    static func calendarText(_ text: String) -> String {
        var out: [UInt8] = []
        var afterCR = false
        for byte in text.utf8 {
            defer { afterCR = byte == 0x0D }
            switch byte {
            case 0x0D: out.append(0x0A)
            case 0x0A: if !afterCR { out.append(0x0A) }
            case 0x09: out.append(byte)
            case ..<0x20, 0x7F: continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A value that is not TEXT (a URL, a UID, an address): ASCII controls but tab gone.
    static func withoutControls(_ text: String) -> String {
        String(decoding: text.utf8.filter { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }, as: UTF8.self)
    }

    /// A parameter value (a CN) as read from between its quotes, or bare for a token:
    /// controls gone, and `"`, which a quoted value cannot hold, as `'`.
    static func parameter(_ text: String) -> String {
        let kept = withoutControls(text)
        let isTokenByte = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("-_/.+".utf8).contains(byte)
        }
        if !kept.isEmpty, kept.utf8.allSatisfy(isTokenByte) { return kept }
        return String(decoding: kept.utf8.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "'") : $0 }, as: UTF8.self)
    }
}

extension Array where Element == Unicode.Scalar {
    /// Whether `other` occurs in this text as a run of whole scalars.
    func contains(run other: [Unicode.Scalar]) -> Bool {
        guard !other.isEmpty else { return true }
        guard other.count <= count else { return false }
        for start in 0...(count - other.count) where self[start] == other[0] {
            if self[start..<(start + other.count)].elementsEqual(other) { return true }
        }
        return false
    }

    var text: String {
        var string = ""
        string.unicodeScalars.append(contentsOf: self)
        return string
    }
}
