import ConveneTOML
import Testing

@Suite struct LineEndingTests {
    @Test func crlfDocumentsReadLikeLFDocuments() throws {
        let lf = "a = 1\n[t] # c\nb = [\n  1,\n  2,\n]\nc = \"x\"\n"
        let crlf = try TOML.parse(lf.replacing("\n", with: "\r\n"))
        #expect(crlf.keys == ["a", "t"])
        let t = try #require(crlf["t"]?.value.tableValue)
        #expect(t["b"]?.value.arrayValue?.count == 2)
        #expect(t.keyPosition("c") == SourcePosition(line: 7, column: 1))
    }

    @Test func crlfInsideMultiLineStringsBecomesLF() throws {
        #expect(try parsedValue("a = \"\"\"\r\none\r\ntwo\"\"\"\r\n").stringValue == "one\ntwo")
        #expect(try parsedValue("a = '''\r\none\r\ntwo'''").stringValue == "one\ntwo")
        #expect(try parsedValue("a = \"\"\"one \\\r\n   two\"\"\"").stringValue == "one two")
    }

    @Test func aCarriageReturnWithoutALineFeedIsAnError() {
        #expect(parseError("a = 1\r")?.position == SourcePosition(line: 1, column: 6))
        #expect(parseError("# c\rd\n")?.description == "1:4: the control character U+000D is not allowed in a comment")
        #expect(parseError("a = '''x\ry'''") != nil)
    }

    @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
        let table = try TOML.parse("\u{FEFF}name = \"x\"\n")
        #expect(table["name"]?.value.stringValue == "x")
        #expect(table.keyPosition("name") == SourcePosition(line: 1, column: 1))
        #expect(try TOML.parse("\u{FEFF}").isEmpty)
    }

    @Test func aByteOrderMarkAnywhereElseIsAnError() {
        #expect(parseError("\u{FEFF}\u{FEFF}a = 1")?.position == SourcePosition(line: 1, column: 1))
        #expect(parseError("a = 1\n\u{FEFF}b = 2") != nil)
    }
}
