import ConveneCore
import Testing

@testable import ConveneSpool

/// Message headers: RFC 2047 encoded-words for non-ASCII names and subjects, folding
/// to 78 characters, and values from configuration that cannot break the header.
@Suite struct HeaderFieldTests {
    /// The text of one Q-encoded word, or nil if it is not one.
    private func decode(_ word: Substring) -> String? {
        guard word.hasPrefix(EncodedWord.prefix), word.hasSuffix(EncodedWord.suffix) else { return nil }
        let body = Array(word.dropFirst(EncodedWord.prefix.count).dropLast(EncodedWord.suffix.count).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < body.count {
            if body[index] == UInt8(ascii: "=") {
                guard index + 2 < body.count,
                    let byte = UInt8(String(decoding: body[index + 1...index + 2], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(body[index] == UInt8(ascii: "_") ? UInt8(ascii: " ") : body[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private func lines(_ rendered: String) -> [Substring] {
        #expect(rendered.hasSuffix("\r\n"))
        // "\r\n" is one Character, so this splits at CRLF and nowhere else.
        return rendered.dropLast().split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    @Test func anASCIISubjectIsWrittenAsItIs() {
        let field = HeaderField.unstructured("Subject", "Reminder: Parent/Carer Stakeholder Forum, Tue 9 March")
        #expect(field.rendered == "Subject: Reminder: Parent/Carer Stakeholder Forum, Tue 9 March\r\n")
    }

    @Test func onlyTheWordsThatNeedItAreEncoded() {
        let field = HeaderField.unstructured("Subject", "Reminder: Strategy Group, Tŷ Hapus Family Centre")
        #expect(field.rendered == "Subject: Reminder: Strategy Group, =?utf-8?q?T=C5=B7?= Hapus Family Centre\r\n")
    }

    @Test func neighbouringNonASCIIWordsShareOneEncodingWithTheirSpace() {
        let field = HeaderField.unstructured("Subject", "Cancelled: Tŷ Rhieni’r Gogledd")
        #expect(field.rendered == "Subject: Cancelled: =?utf-8?q?T=C5=B7_Rhieni=E2=80=99r?= Gogledd\r\n")
    }

    @Test func textThatLooksLikeAnEncodedWordIsEncoded() {
        #expect(
            HeaderField.unstructured("Subject", "About =?x?q?y?=").rendered
                == "Subject: About =?utf-8?q?=3D=3Fx=3Fq=3Fy=3F=3D?=\r\n")
    }

    @Test func aLongNonASCIISubjectFoldsIntoWordsOfAtMost75WithinLinesOf78() throws {
        let subject =
            "Invitation: Fforwm Rhieni a Gofalwyr: Cynllunio’r Gwasanaethau Gyda’n Gilydd, Llun 29 Mawrth, 10:00, "
            + "Canolfan Deulu Tŷ Hapus, Llanfairpwllgwyngyll, Ynys Môn ŵŷâêîôû"
        let rendered = HeaderField.unstructured("Subject", subject).rendered
        #expect(rendered.unicodeScalars.allSatisfy { $0.isASCII })
        var decoded: [String] = []
        var previousWasEncoded = false
        for (index, line) in lines(rendered).enumerated() {
            #expect(line.utf8.count <= 78, "line \(index): \(line)")
            #expect(index == 0 || line.first == " ")
            for word in line.split(separator: " ") where !(index == 0 && word == "Subject:") {
                if let text = decode(word) {
                    #expect(word.utf8.count <= 75)
                    // White space between two encoded-words is not part of the text.
                    if previousWasEncoded { decoded[decoded.count - 1] += text } else { decoded.append(text) }
                    previousWasEncoded = true
                } else {
                    decoded.append(String(word))
                    previousWasEncoded = false
                }
            }
        }
        #expect(decoded.joined(separator: " ") == subject)
    }

    @Test func displayNamesAreQuotedOrEncodedWhole() {
        let field = HeaderField.addresses(
            "To",
            [
                Contact(name: "Forum secretary", email: "north@example.org"),
                Contact(name: "Chloé O'Neill", email: "chloe@example.org"),
                Contact(name: "The \"North\" \\ South", email: "ns@example.org"),
            ])
        #expect(
            field.rendered == "To: \"Forum secretary\" <north@example.org>,\r\n"
                + " =?utf-8?q?Chlo=C3=A9_O=27Neill?= <chloe@example.org>,\r\n"
                + " \"The \\\"North\\\" \\\\ South\" <ns@example.org>\r\n")
    }

    @Test func aForumWithNoContactsGetsAnEmptyGroup() {
        #expect(HeaderField.addresses("To", []).rendered == "To: undisclosed-recipients:;\r\n")
    }

    @Test func aLineBreakInAValueCannotStartAnotherHeader() {
        let rendered = HeaderField.unstructured("Subject", "Forum\r\nBcc: everyone@example.org\n\tnext").rendered
        #expect(rendered == "Subject: Forum Bcc: everyone@example.org next\r\n")
        let address = HeaderField.addresses("To", [Contact(name: "A\r\nBcc: b", email: "a@example.org")]).rendered
        #expect(address == "To: \"A Bcc: b\" <a@example.org>\r\n")
    }

    /// Found by `fuzz-message`: a space before a combining accent is one `Character`
    /// with it, and splitting the subject at that whitespace dropped the accent.
    @Test func anAccentAfterASpaceIsKeptWithTheWordAfterIt() throws {
        let rendered = HeaderField.unstructured("Subject", "Invitation: e\u{301} \u{301}start").rendered
        #expect(rendered == "Subject: Invitation: =?utf-8?q?e=CC=81_=CC=81start?=\r\n")
        let words = try #require(lines(rendered).first?.split(separator: " ").last)
        #expect(decode(words) == "e\u{301} \u{301}start")
    }

    /// Found by `fuzz-message`: a display name of 500 `"` (which the configuration
    /// accepts) was quoted into one unbreakable word, a To line of 1,006 octets.
    @Test func aDisplayNameTooLongForALineIsEncodedAndFolds() {
        let name = String(repeating: "\"", count: 500)
        let rendered = HeaderField.addresses("To", [Contact(name: name, email: "q@example.org")]).rendered
        let folded = lines(rendered)
        #expect(folded.allSatisfy { $0.utf8.count <= HeaderField.lineLength })
        #expect(folded.last?.hasSuffix(" <q@example.org>") == true)
        let words = folded.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix(EncodedWord.prefix) }
        #expect(words.compactMap(decode).joined() == name)
    }

    @Test func anUnbreakableWordLongerThanALineStaysWhole() {
        let link = "https://meet.example.org/" + String(repeating: "x", count: 80)
        #expect(HeaderField.plain("X-Link", "see " + link).rendered == "X-Link: see\r\n \(link)\r\n")
    }
}
