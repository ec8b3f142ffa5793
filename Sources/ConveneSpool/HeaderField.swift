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
        HeaderField(name: name, pieces: words(of: value).map { .plain(String($0)) })
    }

    /// Free text such as a Subject: plain where it is ASCII, and each run of words
    /// that needs it encoded (the spaces inside the run go into the encoding).
    static func unstructured(_ name: String, _ text: String) -> HeaderField {
        var pieces: [Piece] = []
        var run: [Substring] = []
        for word in words(of: text) {
            if EncodedWord.isNeeded(for: word) {
                run.append(word)
                continue
            }
            if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
            run = []
            pieces.append(.plain(String(word)))
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
            let address = "<" + String(words(of: contact.email).joined()) + ">" + separator
            let displayName = words(of: contact.name).joined(separator: " ")
            if displayName.isEmpty {
                pieces.append(.plain(address))
            } else if EncodedWord.isNeeded(for: displayName) {
                // An encoded-word inside quotes is not decoded (RFC 2047 §5), so a
                // name with any non-ASCII letter is encoded whole, unquoted.
                pieces.append(.encoded(displayName))
                pieces.append(.plain(address))
            } else {
                pieces.append(.plain(quoted(displayName)))
                pieces.append(.plain(address))
            }
        }
        let oneLine = HeaderField(name: name, pieces: pieces)
        guard oneLine.rendered.utf8.count > lineLength + 2 else { return oneLine }
        // Too long for one line: one address a line, so none is split from its name.
        for start in starts.dropFirst().reversed() { pieces.insert(.lineBreak, at: start) }
        return HeaderField(name: name, pieces: pieces)
    }

    /// The field as it goes into the message, ending in CRLF.
    var rendered: String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasValue = false
        for piece in pieces {
            switch piece {
            case .lineBreak:
                if lineHasValue {
                    lines.append(line)
                    line = ""
                    lineHasValue = false
                }
            case .plain(let word):
                if lineHasValue, line.utf8.count + 1 + word.utf8.count > HeaderField.lineLength {
                    lines.append(line)
                    line = ""
                }
                line += " " + word
                lineHasValue = true
            case .encoded(let text):
                let room = HeaderField.lineLength - line.utf8.count - 1
                if lineHasValue, room < EncodedWord.minimumLength {
                    lines.append(line)
                    line = ""
                }
                let first = min(HeaderField.lineLength - line.utf8.count - 1, EncodedWord.maximumLength)
                for (index, word) in EncodedWord.words(text, firstLength: first).enumerated() {
                    if index > 0 {
                        lines.append(line)
                        line = ""
                    }
                    line += " " + word
                }
                lineHasValue = true
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Words of a value from configuration, split at any run of white space or control
    /// characters: a line break in a title must never start a new header.
    private static func words(of text: String) -> [Substring] {
        text.split { $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
    }

    /// An ASCII display name as a quoted-string, its quotes and backslashes escaped.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out += "\\" }
            out.append(character)
        }
        return out + "\""
    }
}
