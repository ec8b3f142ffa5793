import ConveneTOML
import Testing

@Suite struct StringParsingTests {
    @Test func basicStringsResolveEveryEscape() throws {
        #expect(try parsedValue(#"a = "\b\t\n\f\r\"\\""#).stringValue == "\u{8}\t\n\u{C}\r\"\\")
        #expect(try parsedValue(#"a = "Jos\u00E9 \U0001F600 \u0000""#).stringValue == "José 😀 \u{0}")
    }

    @Test func literalStringsKeepBackslashesAsTheyAre() throws {
        #expect(try parsedValue(#"a = 'C:\Users\nodejs\templates'"#).stringValue == #"C:\Users\nodejs\templates"#)
        #expect(try parsedValue(#"a = 'Tom "Dubs" Preston-Werner'"#).stringValue == #"Tom "Dubs" Preston-Werner"#)
    }

    @Test func aLineBreakRightAfterTheOpeningQuotesIsDropped() throws {
        #expect(
            try parsedValue("a = \"\"\"\nRoses are red\nViolets are blue\"\"\"").stringValue == "Roses are red\nViolets are blue")
        #expect(try parsedValue("a = '''\nfirst\n  second\n'''").stringValue == "first\n  second\n")
    }

    @Test func aBackslashAtTheEndOfALineJoinsTheLines() throws {
        let text = "a = \"\"\"\\\n  The quick brown \\\n\n\n  fox jumps over \\   \n    the lazy dog.\"\"\""
        #expect(try parsedValue(text).stringValue == "The quick brown fox jumps over the lazy dog.")
    }

    @Test func oneOrTwoQuotesMayPrecedeTheClosingDelimiter() throws {
        #expect(try parsedValue(#"a = """"This," she said."""""#).stringValue == #""This," she said.""#)
        #expect(try parsedValue(#"a = """a""""""#).stringValue == #"a"""#)
        #expect(try parsedValue("a = ''''quoted''''").stringValue == "'quoted'")
    }

    @Test func emptyStringsOfEveryKindAreEmpty() throws {
        for text in [#""""#, "''", #""""""""#, "''''''"] {
            #expect(try parsedValue("a = \(text)").stringValue == "")
        }
    }

    @Test func textOutsideASCIIIsKeptExactly() throws {
        #expect(try parsedValue("a = \"δ ✓ 🎉 日本語\"").stringValue == "δ ✓ 🎉 日本語")
        #expect(try parsedValue("a = 'tab\there'").stringValue == "tab\there")
    }

    @Test func quotedKeysResolveEscapesAndMayBeEmpty() throws {
        let table = try TOML.parse(#""a\tb" = 1"# + "\n'' = 2\n" + #"site."google.com" = true"#)
        #expect(table.keys == ["a\tb", "", "site"])
        #expect(table["site"]?.value.tableValue?["google.com"]?.value.booleanValue == true)
    }
}
