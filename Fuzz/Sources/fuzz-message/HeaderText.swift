import FuzzSupport

/// Header values read back as text: RFC 2047 encoded-words decoded (white space
/// between two of them dropped, §6.2), and address lists taken apart.
enum HeaderText {
    /// An unstructured value (a Subject) as a reader shows it.
    static func decode(_ value: String) -> String {
        var out: [UInt8] = []
        var previousWasEncoded = false
        var pendingSpace = false
        for token in value.split(separator: " ", omittingEmptySubsequences: true) {
            let decoded = encodedWord(token)
            if pendingSpace && !(decoded != nil && previousWasEncoded) { out.append(0x20) }
            out += decoded ?? Array(token.utf8)
            previousWasEncoded = decoded != nil
            pendingSpace = true
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes an encoded-word `=?utf-8?q?…?=` stands for, or nil if `token` is not
    /// one. Each must be at most 75 characters and hold whole UTF-8 sequences.
    static func encodedWord(_ token: Substring) -> [UInt8]? {
        let prefix = "=?utf-8?q?"
        guard token.hasPrefix(prefix), token.hasSuffix("?="), token.count >= prefix.count + 2 else {
            require(!token.hasPrefix("=?"), "a word that looks like an encoded-word but is not one: \(token)")
            return nil
        }
        require(token.utf8.count <= 75, "an encoded-word of \(token.utf8.count) characters: \(token)")
        let text = Array(token.utf8.dropFirst(prefix.count).dropLast(2))
        var out: [UInt8] = []
        var index = 0
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "_"):
                out.append(0x20)
                index += 1
            case UInt8(ascii: "="):
                guard index + 2 < text.count, let high = QuotedPrintableDecoder.hex(text[index + 1]),
                    let low = QuotedPrintableDecoder.hex(text[index + 2])
                else {
                    require(false, "a bad escape in encoded-word \(token)")
                    return out
                }
                out.append(high << 4 | low)
                index += 3
            case let byte:
                // RFC 2047 §5(3): inside a phrase only letters, digits and !*+-/ stand for themselves.
                let isLiteral =
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || Array("!*+-/".utf8).contains(byte)
                require(isLiteral, "byte \(byte) unescaped in encoded-word \(token)")
                out.append(byte)
                index += 1
            }
        }
        require(String(validating: out, as: UTF8.self) != nil, "encoded-word \(token) splits a UTF-8 sequence")
        return out
    }

    /// A `From` or `To` value: each mailbox's display name (decoded; empty when there is
    /// none) and address.
    static func addresses(_ value: String) -> [(name: String, address: String)] {
        var result: [(String, String)] = []
        var rest = Substring(value)
        while true {
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            var name = ""
            if rest.first == "\"" {
                var text = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == "\\" {
                        index = rest.index(after: index)
                        guard index < rest.endIndex else { break }
                        text.append(rest[index])
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        text.append(character)
                    }
                    index = rest.index(after: index)
                }
                require(closed, "an unclosed quoted display name in \(value)")
                guard closed else { return result }
                name = text
                rest = rest[rest.index(after: index)...].drop { $0 == " " }
            } else if rest.first != "<" {
                guard let open = rest.firstIndex(of: "<") else {
                    require(false, "a mailbox without <address>: \(rest)")
                    return result
                }
                name = decode(String(rest[..<open]))
                require(
                    rest[..<open].split(separator: " ").allSatisfy { encodedWord($0) != nil },
                    "an unquoted display name that is not encoded-words: \(rest[..<open])")
                rest = rest[open...]
            }
            guard rest.first == "<", let close = rest.firstIndex(of: ">") else {
                require(false, "a mailbox without <address>: \(rest)")
                return result
            }
            result.append((name, String(rest[rest.index(after: rest.startIndex)..<close])))
            rest = rest[rest.index(after: close)...]
            if rest.first == "," { rest = rest.dropFirst() } else { break }
        }
        require(rest.allSatisfy { $0 == " " }, "text after the last mailbox: \(rest)")
        return result
    }
}
