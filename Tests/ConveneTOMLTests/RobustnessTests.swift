import ConveneTOML
import ConveneTestSupport
import Testing

/// Hostile and broken input must produce an error, never a crash: the parser will
/// be fuzzed, and configuration files are edited by hand.
@Suite struct RobustnessTests {
    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = TOML.maximumDepth
        let arrays = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try parsedValue(arrays).arrayValue != nil)
        let tables = "a = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try parsedValue(tables).tableValue != nil)
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        for opener in ["[", "{b = ", "[{c = "] {
            let text = "a = " + String(repeating: opener, count: 100_000)
            #expect(parseError(text)?.message == "arrays and tables are nested too deeply (the limit is 128 levels)")
        }
        let dotted = Array(repeating: "k", count: 10_000).joined(separator: ".") + " = 1"
        #expect(parseError(dotted)?.message == "tables are nested too deeply (the limit is 128 levels)")
        let header = "[" + Array(repeating: "k", count: 10_000).joined(separator: ".") + "]"
        #expect(parseError(header)?.message == "tables are nested too deeply (the limit is 128 levels)")
    }

    @Test func hugeNumbersAreRangeErrors() {
        #expect(parseError("a = " + String(repeating: "9", count: 5000))?.position == SourcePosition(line: 1, column: 5))
        #expect(parseError("a = 0x" + String(repeating: "f", count: 5000)) != nil)
        #expect(parseError("a = -" + String(repeating: "9", count: 5000)) != nil)
    }

    @Test func everyTruncationOfADocumentParsesOrFailsCleanly() {
        let document = """
            # Convene
            title = "Parish \\u00e9 \\U0001F600"
            [[venue]]
            id = 'hall'
            opens = 1979-05-27T07:32:00.5-07:00
            sizes = [ 1, 0x1F, -3.5e2, inf, { a.b = [] } ]
            text = \"\"\"
            two \\
              lines\"\"\"
            [venue.access]
            """
        let scalars = Array(document.unicodeScalars)
        for end in 0...scalars.count {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<end])
            checkParsesOrFailsInside(prefix)
        }
    }

    @Test func randomEditsNeverCrashTheParser() {
        let seeds = [
            "a = [1, {b = \"x\\ty\"}, 1979-05-27 07:32:00Z]\n[t.u]\nv.w = '''\nz'''\n[[x]]\ny = 0b1_0\n",
            "\"k\" . 'l' = \"\"\"\r\nq\"\"\"\r\n[a]\r\nb = -0.0e-1_0 # c\r\n",
        ]
        var random = SeededGenerator(seed: 0x70_6d_6c)
        let alphabet = Array("[]{}=\"'#.,\n\r\t \\_0123456789-+:eExobTZzu{é🎉".unicodeScalars) + ["\u{0}", "\u{7F}", "\u{FEFF}"]
        for _ in 0..<4000 {
            var scalars = Array(seeds[Int.random(in: 0..<seeds.count, using: &random)].unicodeScalars)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let at = Int.random(in: 0...scalars.count, using: &random)
                if random.chance(0.5), at < scalars.count {
                    scalars.remove(at: at)
                } else {
                    scalars.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &random)], at: at)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            checkParsesOrFailsInside(text)
        }
    }

    /// Parses `text`; an error must point inside the document.
    private func checkParsesOrFailsInside(_ text: String) {
        guard let error = parseError(text) else { return }
        // Split bytes, not characters: "\r\n" is one Character.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        #expect(error.position.line >= 1 && error.position.line <= lines, "\(error) for \(text.debugDescription)")
        #expect(error.position.column >= 1 && !error.message.isEmpty)
    }
}
