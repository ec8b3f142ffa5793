import ConveneTOML
import Testing

@Suite struct SourcePositionTests {
    @Test func keysAndValuesKnowTheirLineAndColumn() throws {
        let table = try TOML.parse(
            """
            # council
            name   = "Parish Council"
              quorum = 3
            """)
        #expect(table.keyPosition("name") == SourcePosition(line: 2, column: 1))
        #expect(table["name"]?.position == SourcePosition(line: 2, column: 10))
        #expect(table.keyPosition("quorum") == SourcePosition(line: 3, column: 3))
        #expect(table["quorum"]?.position == SourcePosition(line: 3, column: 12))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let table = try TOML.parse("\"café\" = [\"🎉\", 2]\n\tb = 1")
        let elements = try #require(table["café"]?.value.arrayValue)
        #expect(table["café"]?.position == SourcePosition(line: 1, column: 10))
        #expect(elements.map(\.position) == [SourcePosition(line: 1, column: 11), SourcePosition(line: 1, column: 16)])
        #expect(table.keyPosition("b") == SourcePosition(line: 2, column: 2))
    }

    @Test func dottedKeysPositionEachTableAtItsOwnPart() throws {
        let table = try TOML.parse("x = 0\nfruit.apple.color = \"red\"\n")
        let fruit = try #require(table["fruit"])
        #expect(fruit.position == SourcePosition(line: 2, column: 1))
        let apple = try #require(fruit.value.tableValue)
        #expect(apple.keyPosition("apple") == SourcePosition(line: 2, column: 7))
        let color = try #require(apple["apple"]?.value.tableValue)
        #expect(color.keyPosition("color") == SourcePosition(line: 2, column: 13))
        #expect(color["color"]?.position == SourcePosition(line: 2, column: 21))
    }

    @Test func tablesStartAtTheHeaderThatDefinedThem() throws {
        let table = try TOML.parse(
            """
            [a.b]
            x = 1

            [a]
            y = 2
            inline = { z = 3 }
            """)
        let a = try #require(table["a"])
        #expect(a.position == SourcePosition(line: 4, column: 1))
        #expect(table.keyPosition("a") == SourcePosition(line: 4, column: 2))
        let inner = try #require(a.value.tableValue)
        #expect(inner["b"]?.position == SourcePosition(line: 1, column: 1))
        #expect(inner.keyPosition("b") == SourcePosition(line: 1, column: 4))
        #expect(inner["inline"]?.position == SourcePosition(line: 6, column: 10))
        #expect(inner["inline"]?.value.tableValue?.position == SourcePosition(line: 6, column: 10))
    }

    @Test func eachTableOfAnArrayOfTablesStartsAtItsOwnHeader() throws {
        let table = try TOML.parse(
            """
            [[venue]]
            id = "hall"

            [[venue]]
            id = "church"
              [venue.access]
              step_free = true
            """)
        let venues = try #require(table["venue"])
        #expect(venues.position == SourcePosition(line: 1, column: 1))
        #expect(table.keyPosition("venue") == SourcePosition(line: 1, column: 3))
        let elements = try #require(venues.value.arrayValue)
        #expect(elements.map(\.position) == [SourcePosition(line: 1, column: 1), SourcePosition(line: 4, column: 1)])
        let church = try #require(elements.last?.value.tableValue)
        #expect(church.keyPosition("id") == SourcePosition(line: 5, column: 1))
        #expect(church["access"]?.position == SourcePosition(line: 6, column: 3))
        #expect(church["access"]?.value.tableValue?.keyPosition("step_free") == SourcePosition(line: 7, column: 3))
    }

    @Test func linesInsideMultiLineStringsAndArraysAreCounted() throws {
        let table = try TOML.parse("a = \"\"\"\none\ntwo\"\"\"\nb = [\n  1,\n  2]\nc = '''\n'''\nd = 4")
        #expect(table["b"]?.value.arrayValue?.last?.position == SourcePosition(line: 6, column: 3))
        #expect(table.keyPosition("d") == SourcePosition(line: 9, column: 1))
    }

    @Test func positionsOrderAndPrintAsLineColon() {
        #expect(SourcePosition(line: 2, column: 1) > SourcePosition(line: 1, column: 40))
        #expect(SourcePosition(line: 3, column: 5) < SourcePosition(line: 3, column: 6))
        #expect(SourcePosition(line: 12, column: 7).description == "12:7")
        #expect(
            TOMLParseError(position: SourcePosition(line: 4, column: 9), message: "unterminated string").description
                == "4:9: unterminated string")
    }
}
