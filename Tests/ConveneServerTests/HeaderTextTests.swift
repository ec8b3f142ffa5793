import Foundation
import Testing

@testable import ConveneServer

/// A path parameter is percent-decoded, and an `If-None-Match` entry trimmed, as
/// Foundation did it: compared with Foundation directly.
@Suite struct HeaderTextTests {
    @Test(arguments: [
        "", "abc", "a%40b", "%", "%4", "%4g", "%zz", "a%2", "%C3%A9", "%C3", "%FF", "%00", "a+b", "%2F", "%e9",
        "%c3%a9x", "é%41", "%%41", "%41%", "x%20y", "%E2%82", "%ED%A0%80", "%F0%9F%98%80", "%C0%AF",
        "stakeholder-forum-20270309%40example.org",
    ])
    func aParameterIsDecodedAsFoundationDecodesIt(_ raw: String) {
        #expect(raw.percentDecoded == raw.removingPercentEncoding)
        #expect(raw[...].percentDecoded == raw.removingPercentEncoding)
    }

    @Test(arguments: [
        "", " ", "\"a-1\"", " \"a-1\" ", "\t*\t", "\u{A0}W/\"a\"\u{3000}", "\u{200B}\"a\"", " \u{301}x", "\"a\" \u{301}", "\r\n",
    ])
    func anEntityTagIsTrimmedAsFoundationTrimsIt(_ text: String) {
        #expect(String(ReadAnswer.trimmingSpaces(text[...])) == text.trimmingCharacters(in: .whitespaces))
    }
}
