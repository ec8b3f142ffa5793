import Testing

@testable import ConveneSpool

/// iCalendar content lines: folding at 75 octets without splitting a letter, and the
/// escaping of TEXT values and parameters (RFC 5545 §3.1–3.3).
@Suite struct ContentLineTests {
    /// The physical lines of a folded content line, as bytes, without their CRLF.
    private func physicalLines(_ folded: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        let bytes = Array(folded.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                lines.append([])
                index += 2
            } else {
                lines[lines.count - 1].append(bytes[index])
                index += 1
            }
        }
        #expect(lines.last == [], "ends in CRLF")
        return Array(lines.dropLast())
    }

    /// One-, two-, three- and four-byte letters: a, Welsh ŷ and ẃ, and an emoji.
    @Test(arguments: ["a", "ŷ", "ẃ", "🙂"])
    func foldingKeepsEveryLineWithin75OctetsAndEveryLetterWhole(_ letter: String) throws {
        for count in [1, 30, 63, 64, 65, 200] {
            let value = "Tŷ Rhieni " + String(repeating: letter, count: count)
            let folded = ContentLine.text("SUMMARY", value).folded
            let lines = physicalLines(folded)
            for (index, line) in lines.enumerated() {
                #expect(line.count <= 75, "\(count)× \(letter): line \(index) has \(line.count) octets")
                #expect(String(validating: line, as: UTF8.self) != nil, "line \(index) splits a UTF-8 sequence")
                #expect(index == 0 || line.first == UInt8(ascii: " "), "a continuation starts with a space")
                #expect(line.last != UInt8(ascii: " "), "no line ends in a space")
            }
            let unfolded = lines.enumerated().flatMap { $0.offset == 0 ? $0.element : Array($0.element.dropFirst()) }
            #expect(String(decoding: unfolded, as: UTF8.self) == "SUMMARY:" + value)
        }
    }

    @Test func aLineOfExactly75OctetsIsNotFolded() {
        let line = "SUMMARY:" + String(repeating: "x", count: 67)
        #expect(ContentLine.fold(line) == line + "\r\n")
        #expect(ContentLine.fold(line + "y") == line + "\r\n y\r\n")
    }

    @Test func aTwoByteLetterThatWouldCrossTheLimitMovesToTheNextLine() {
        let line = "SUMMARY:" + String(repeating: "x", count: 66) + "é"
        #expect(ContentLine.fold(line) == "SUMMARY:" + String(repeating: "x", count: 66) + "\r\n é\r\n")
    }

    @Test(arguments: [
        ("Chloé's Circle", "Chloé's Circle"),
        ("Tea, coffee; biscuits", "Tea\\, coffee\\; biscuits"),
        ("C:\\Forums\\North", "C:\\\\Forums\\\\North"),
        ("line one\nline two", "line one\\nline two"),
        ("windows\r\nbreak", "windows\\nbreak"),
        ("old mac\rbreak", "old mac\\nbreak"),
        ("two\n\nbreaks", "two\\n\\nbreaks"),
    ])
    func textValuesAreEscaped(_ text: String, _ escaped: String) {
        #expect(ContentLine.escaped(text) == escaped)
    }

    @Test func aTextPropertyEscapesItsValueButNotItsParameters() {
        let line = ContentLine.text("LOCATION", "County Hall, Worcester; room 2", parameters: [("LANGUAGE", "en-GB")])
        #expect(line.folded == "LOCATION;LANGUAGE=en-GB:County Hall\\, Worcester\\; room 2\r\n")
    }

    @Test(arguments: [
        ("Europe/London", "Europe/London"),
        ("REQ-PARTICIPANT", "REQ-PARTICIPANT"),
        ("Forum secretary", "\"Forum secretary\""),
        ("Chloé O'Neill", "\"Chloé O'Neill\""),
        ("Secretary, North; Room:1", "\"Secretary, North; Room:1\""),
        ("The \"North\" forum", "\"The 'North' forum\""),
        ("", "\"\""),
        // Found by fuzz-message: a `"` before a combining accent (one `Character` with
        // it) was left in, ending the quoted value early.
        ("\"\u{301}", "\"'\u{301}\""),
        ("Zoë \"\u{301}North\"", "\"Zoë '\u{301}North'\""),
    ])
    func parameterValuesAreQuotedUnlessPlainTokens(_ value: String, _ written: String) {
        #expect(ContentLine.parameterValue(value) == written)
    }

    @Test func controlCharactersCannotStartANewProperty() {
        let line = ContentLine("URL", "https://meet.example.org/a\r\nATTENDEE:mailto:x@example.org")
        #expect(line.folded == "URL:https://meet.example.org/aATTENDEE:mailto:x@example.org\r\n")
    }
}
