import ConveneCore

/// One header field of an RFC 5322 message, folded to lines of at most 78 characters
/// where its words allow, with non-ASCII text as RFC 2047 encoded-words.
struct HeaderField: Sendable {
    /// A part of the value between two places where the line may fold.
    enum Piece: Sendable {
        /// Written as it is; never split, even if longer than a line (a long link).
        case plain(String)
        /// Written as encoded-words, as many as it takes.
        case encoded(String)
        /// The next piece starts a line of its own.
        case lineBreak
    }

    /// The longest line RFC 5322 §2.1.1 recommends.
    static let lineLength = 78

    let name: String
    let pieces: [Piece]

    /// A value of ASCII words that needs no encoding (a Date or a Message-ID); it folds
    /// only at spaces.
    static func plain(_ name: String, _ value: String) -> HeaderField {
        HeaderField(name: name, pieces: words(of: value).map { .plain($0) })
    }

    /// Free text such as a Subject: plain where it is ASCII, and each run of words
    /// that needs it encoded (the spaces inside the run go into the encoding).
    static func unstructured(_ name: String, _ text: String) -> HeaderField {
        var pieces: [Piece] = []
        var run: [String] = []
        for word in words(of: text) {
            if EncodedWord.isNeeded(for: word) {
                run.append(word)
                continue
            }
            if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
            run = []
            pieces.append(.plain(word))
        }
        if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
        return HeaderField(name: name, pieces: pieces)
    }

    /// `"Name" <address>, …`; with no contacts, the empty group RFC 5322 §3.4 allows
    /// (`undisclosed-recipients:;`), so that the message is still well formed.
    static func addresses(_ name: String, _ contacts: [Contact]) -> HeaderField {
        guard !contacts.isEmpty else { return plain(name, "undisclosed-recipients:;") }
        var pieces: [Piece] = []
        var starts: [Int] = []
        for (index, contact) in contacts.enumerated() {
            starts.append(pieces.count)
            let separator = index == contacts.count - 1 ? "" : ","
            let address = "<" + words(of: contact.email).joined() + ">" + separator
            let displayName = words(of: contact.name).joined(separator: " ")
            let quotedName = quoted(displayName)
            if displayName.isEmpty {
                pieces.append(.plain(address))
            } else if EncodedWord.isNeeded(for: displayName) || quotedName.utf8.count >= lineLength {
                // An encoded-word inside quotes is not decoded (RFC 2047 §5), so a
                // name with any non-ASCII letter is encoded whole, unquoted. So is a name
                // too long for a line: a quoted-string is never split, and a line may
                // not pass 998 octets (RFC 5322 §2.1.1), but encoded-words fold.
                pieces.append(.encoded(displayName))
                pieces.append(.plain(address))
            } else {
                pieces.append(.plain(quotedName))
                pieces.append(.plain(address))
            }
        }
        let oneLine = HeaderField(name: name, pieces: pieces)
        var written: [UInt8] = []
        oneLine.write(to: &written)
        guard written.count > lineLength + 2 else { return oneLine }
        // Too long for one line: one address a line, so none is split from its name.
        for start in starts.dropFirst().reversed() { pieces.insert(.lineBreak, at: start) }
        return HeaderField(name: name, pieces: pieces)
    }

    /// The field as it goes into the message, ending in CRLF.
    var rendered: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the field, folded and ending in CRLF, to `out`.
    func write(to out: inout [UInt8]) {
        var lineStart = out.count
        func startLine() {
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
            lineStart = out.count
        }
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        var lineHasValue = false
        for piece in pieces {
            switch piece {
            case .lineBreak:
                if lineHasValue {
                    startLine()
                    lineHasValue = false
                }
            case .plain(let word):
                if lineHasValue, out.count - lineStart + 1 + word.utf8.count > HeaderField.lineLength { startLine() }
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: word.utf8)
                lineHasValue = true
            case .encoded(let text):
                let room = HeaderField.lineLength - (out.count - lineStart) - 1
                if lineHasValue, room < EncodedWord.minimumLength { startLine() }
                let first = min(HeaderField.lineLength - (out.count - lineStart) - 1, EncodedWord.maximumLength)
                for (index, word) in EncodedWord.words(text, firstLength: first).enumerated() {
                    if index > 0 { startLine() }
                    out.append(UInt8(ascii: " "))
                    out.append(contentsOf: word.utf8)
                }
                lineHasValue = true
            }
        }
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }

    /// Words of a value from configuration, split at any run of white space or control
    /// characters: a line break in a title must never start a new header. Split at
    /// Unicode scalars, not `Character`s: a space before a combining accent is one
    /// `Character` with it, and splitting there would drop the accent. In ASCII the
    /// separators are exactly the bytes up to space and DEL, so the bytes give the same words.
    private static func words(of text: String) -> [String] {
        guard text.isASCII else {
            return text.unicodeScalars.split { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
                .map { String(Substring($0)) }
        }
        return text.withUTF8Bytes { bytes in
            var words: [String] = []
            // Enough for words of one letter: a header value is short, and the array then
            // never grows.
            words.reserveCapacity(bytes.count / 2 + 1)
            var start = 0
            for index in 0...bytes.count {
                let endsWord = index == bytes.count || bytes[index] <= UInt8(ascii: " ") || bytes[index] == 0x7F
                guard endsWord else { continue }
                if index > start {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                start = index + 1
            }
            return words
        }
    }

    /// An ASCII display name as a quoted-string, its quotes and backslashes escaped.
    /// Only printable ASCII is written this way (anything else is encoded), so bytes will do.
    private static func quoted(_ text: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
