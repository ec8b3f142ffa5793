import ConveneTOML
import Testing

@Suite struct TableStructureTests {
    @Test func keysKeepTheOrderTheDocumentGaveThem() throws {
        let table = try TOML.parse(
            """
            zebra = 1
            apple.b = 2
            mango = 3
            apple.a = 4
            [banana]
            [aardvark.x]
            """)
        #expect(table.keys == ["zebra", "apple", "mango", "banana", "aardvark"])
        #expect(table["apple"]?.value.tableValue?.keys == ["b", "a"])
        #expect(table.count == 5 && !table.isEmpty)
    }

    @Test func anEmptyDocumentIsAnEmptyTable() throws {
        let table = try TOML.parse("  \n# nothing here\n\n")
        #expect(table.isEmpty && table.count == 0 && table.keys.isEmpty)
        #expect(table["a"] == nil && table.keyPosition("a") == nil)
    }

    @Test func dottedKeysCreateNestedTables() throws {
        let table = try TOML.parse(
            """
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            fruit . flavor = "banana"
            """)
        let physical = try #require(table["physical"]?.value.tableValue)
        #expect(physical.keys == ["color", "shape"])
        #expect(table["site"]?.value.tableValue?["google.com"]?.value.booleanValue == true)
        #expect(table["fruit"]?.value.tableValue?["flavor"]?.value.stringValue == "banana")
    }

    @Test func headersMayDefineSuperTablesAfterTheirSubTables() throws {
        let table = try TOML.parse(
            """
            [x.y.z]
            a = 1
            [x]
            b = 2
            [fruit]
            apple.color = "red"
            [fruit.apple.texture]
            smooth = true
            """)
        let x = try #require(table["x"]?.value.tableValue)
        #expect(x.keys == ["y", "b"])
        #expect(x["y"]?.value.tableValue?["z"]?.value.tableValue?["a"]?.value.integerValue == 1)
        let apple = try #require(table["fruit"]?.value.tableValue?["apple"]?.value.tableValue)
        #expect(apple.keys == ["color", "texture"])
    }

    @Test func arraysOfTablesCollectOneTablePerHeader() throws {
        let table = try TOML.parse(
            """
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """)
        let fruits = try #require(table["fruits"]?.value.arrayValue)
        #expect(fruits.count == 2)
        let apple = try #require(fruits.first?.value.tableValue)
        #expect(apple.keys == ["name", "physical", "varieties"])
        #expect(
            apple["varieties"]?.value.arrayValue?.compactMap { $0.value.tableValue?["name"]?.value.stringValue } == [
                "red delicious", "granny smith",
            ])
        #expect(fruits.last?.value.tableValue?["varieties"]?.value.arrayValue?.count == 1)
    }

    @Test func inlineTablesHoldNestedAndDottedKeys() throws {
        let table = try TOML.parse(#"point = { x = 1, y = { z = 2 }, type.name = "pug", "q k" = [] }"#)
        let point = try #require(table["point"]?.value.tableValue)
        #expect(point.keys == ["x", "y", "type", "q k"])
        #expect(point["y"]?.value.tableValue?["z"]?.value.integerValue == 2)
        #expect(point["type"]?.value.tableValue?["name"]?.value.stringValue == "pug")
    }

    @Test func arraysMayMixTypesSpanLinesAndEndWithAComma() throws {
        let elements = try #require(
            try parsedValue(
                """
                a = [
                  1, "two", # a comment
                  [3.0, []],
                  { four = 4 },
                ]
                """
            ).arrayValue)
        #expect(elements.map(\.value.typeName) == ["integer", "string", "array", "table"])
        #expect(elements[2].value.arrayValue?.first?.value.floatValue == 3.0)
    }

    @Test func aTableDefinedBySubTablesOnlyMayBeDefinedInTheSectionOfAnother() throws {
        // [a.b.c] creates a.b in passing; a dotted key in [a] may still extend it.
        let table = try TOML.parse("[a.b.c]\nz = 1\n[a]\nb.d = 2\n")
        #expect(table["a"]?.value.tableValue?["b"]?.value.tableValue?.keys == ["c", "d"])
    }
}
