import ConveneCore

/// A reply typed in a mail program: YES, NO or MAYBE (any case; Welsh IE and NA too) at
/// the start of the first line the person wrote, and the reason after it, above the
/// quoted original and the signature.
enum TextReply {
    static let keywords: [(word: String, answer: Answer)] = [
        ("yes", .accepted), ("ie", .accepted), ("no", .declined), ("na", .declined), ("maybe", .tentative),
    ]

    static func read(_ text: String) -> (Answer, String?)? {
        let lines = written(text)
        guard let first = lines.first else { return nil }
        let lowered = first.lowercased()
        for (word, answer) in keywords where lowered.hasPrefix(word) {
            let after = first.dropFirst(word.count)
            // The word alone: "No" but not "Nobody", "Yesterday" or "Naturally".
            if let next = after.first, next.isLetter || next.isNumber { continue }
            let rest = after.drop { $0.isPunctuation || $0 == " " || $0 == "\t" || $0 == "-" || $0 == "–" }
            let reason = ([String(rest)] + lines.dropFirst()).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
                .joined(separator: " ")
            return (answer, reason.isEmpty ? nil : reason)
        }
        return nil
    }

    /// The lines the person wrote: non-empty, up to the quoted original or the signature.
    static func written(_ text: String) -> [String] {
        var lines: [String] = []
        for raw in text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingASCIIWhitespace()
            if endsTheReply(raw: String(raw), line: line) { break }
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    /// Where the quoted original or the signature begins.
    private static func endsTheReply(raw: String, line: String) -> Bool {
        if raw == "-- " || raw == "--" || line.hasPrefix(">") { return true }
        let lowered = line.lowercased()
        if lowered.hasPrefix("-----original message") || lowered.hasPrefix("________________") { return true }
        if lowered.hasPrefix("sent from my ") || lowered.hasPrefix("get outlook for ") { return true }
        if lowered.hasPrefix("anfonwyd o fy ") { return true }  // Welsh "Sent from my …"
        if lowered.hasPrefix("on "), lowered.hasSuffix("wrote:") { return true }
        if lowered.hasPrefix("from:"), line.contains("@") || lowered.contains("sent:") { return true }
        if lowered.hasPrefix("ar "), lowered.contains("ysgrifennodd") { return true }  // Welsh "On … wrote:"
        return false
    }
}

/// HTML as the text a person reads: tags dropped, line breaks kept, entities decoded,
/// blockquotes (the quoted original) left out.
enum HTMLText {
    static func text(_ html: String) -> String {
        var out = ""
        var index = html.startIndex
        var quoteDepth = 0
        var skipping = 0  // inside <style> or <script>
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased()
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }
                let closing = tag.hasPrefix("/")
                switch name {
                case "blockquote": quoteDepth += closing ? (quoteDepth > 0 ? -1 : 0) : 1
                case "style", "script": skipping += closing ? (skipping > 0 ? -1 : 0) : 1
                case "br", "p", "div", "li", "tr", "h1", "h2", "h3": if quoteDepth == 0 && skipping == 0 { out += "\n" }
                default: break
                }
                index = html.index(after: close)
                continue
            }
            if quoteDepth == 0 && skipping == 0 {
                if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                    let entity = String(html[html.index(after: index)..<semicolon])
                    if let decoded = Self.entity(entity) {
                        out.append(decoded)
                        index = html.index(after: semicolon)
                        continue
                    }
                }
                out.append(character == "\n" || character == "\r\n" ? " " : character)
            }
            index = html.index(after: index)
        }
        return out
    }

    private static func entity(_ name: String) -> Character? {
        switch name {
        case "amp": "&"
        case "lt": "<"
        case "gt": ">"
        case "quot": "\""
        case "apos", "#39": "'"
        case "nbsp": " "
        case "ndash": "–"
        case "mdash": "—"
        case "lsquo": "‘"
        case "rsquo": "’"
        case "ldquo": "“"
        case "rdquo": "”"
        case "hellip": "…"
        default:
            if name.hasPrefix("#x"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                Character(scalar)
            } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                Character(scalar)
            } else {
                nil
            }
        }
    }
}

/// RFC 2047 encoded words (`=?utf-8?q?…?=`, `=?utf-8?b?…?=`) in a header, decoded for
/// reading; anything not understood stays as it was.
enum EncodedWords {
    static func decode(_ field: String) -> String {
        guard field.contains("=?") else { return field }
        var out = ""
        var rest = Substring(field)
        var lastWasWord = false
        while let start = rest.firstRange(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let word = Self.word(afterStart) else {
                out += before + "=?"
                rest = afterStart
                lastWasWord = false
                continue
            }
            // Whitespace between two encoded words is not shown.
            if !(lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" })) { out += before }
            out += word.text
            rest = afterStart[word.end...]
            lastWasWord = true
        }
        return out + rest
    }

    private static func word(_ text: Substring) -> (text: String, end: Substring.Index)? {
        let pieces = text.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[3].hasPrefix("=") else { return nil }
        let charset = pieces[0].lowercased()
        let encoded = pieces[2]
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "b":
            guard let decoded = try? TransferEncoding.base64(ArraySlice(encoded.utf8)) else { return nil }
            bytes = decoded
        case "q": bytes = TransferEncoding.quotedPrintable(ArraySlice(encoded.replacing("_", with: " ").utf8))
        default: return nil
        }
        let text =
            charset.hasPrefix("iso-8859") || charset.hasPrefix("windows-")
            ? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })) : String(decoding: bytes, as: UTF8.self)
        return (text, pieces[3].index(after: pieces[3].startIndex))
    }
}
