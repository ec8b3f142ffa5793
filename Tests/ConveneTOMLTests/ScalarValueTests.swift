import ConveneTOML
import Testing

@Suite struct ScalarValueTests {
    @Test(
        arguments: [
            ("42", 42), ("+99", 99), ("-17", -17), ("0", 0), ("-0", 0), ("+0", 0),
            ("1_000", 1000), ("5_349_221", 5_349_221), ("0xDEAD_beef", 0xDEAD_BEEF), ("0x00ff", 255),
            ("0o755", 493), ("0b1101_0110", 214), ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
            ("0x7FFFFFFFFFFFFFFF", Int64.max),
        ] as [(String, Int64)])
    func integersAreReadInEverySpelling(text: String, expected: Int64) throws {
        #expect(try parsedValue("a = \(text)").integerValue == expected)
    }

    @Test(
        arguments: [
            ("1.5", 1.5), ("+1.0", 1.0), ("-0.01", -0.01), ("5e+22", 5e22), ("1e06", 1e6), ("-2E-2", -0.02),
            ("6.626e-34", 6.626e-34), ("224_617.445_991_228", 224_617.445_991_228), ("1e1_0", 1e10), ("0e0", 0),
            ("inf", .infinity), ("+inf", .infinity), ("-inf", -.infinity), ("1e400", .infinity), ("1e-400", 0),
        ] as [(String, Double)])
    func floatsAreReadInEverySpelling(text: String, expected: Double) throws {
        #expect(try parsedValue("a = \(text)").floatValue == expected)
    }

    @Test func nanAndNegativeZeroKeepTheirMeaning() throws {
        for text in ["nan", "+nan", "-nan"] {
            #expect(try parsedValue("a = \(text)").floatValue?.isNaN == true)
        }
        let zero = try #require(try parsedValue("a = -0.0").floatValue)
        #expect(zero == 0 && zero.sign == .minus)
    }

    @Test func booleansAreTrueAndFalseInLowerCase() throws {
        #expect(try parsedValue("a = true").booleanValue == true)
        #expect(try parsedValue("a = false").booleanValue == false)
    }

    @Test func everyTypeHasItsTOMLName() throws {
        let table = try TOML.parse(
            """
            s = "x"
            i = 1
            f = 1.0
            b = true
            odt = 1979-05-27T07:32:00Z
            ldt = 1979-05-27T07:32:00
            ld = 1979-05-27
            lt = 07:32:00
            arr = []
            tab = {}
            """)
        let names = table.keys.compactMap { table[$0]?.value.typeName }
        #expect(
            names == [
                "string", "integer", "float", "boolean", "offset date-time", "local date-time",
                "local date", "local time", "array", "table",
            ])
        #expect(table["i"]?.value.typeNameWithArticle == "an integer")
        #expect(table["odt"]?.value.typeNameWithArticle == "an offset date-time")
        #expect(table["s"]?.value.typeNameWithArticle == "a string")
    }

    @Test func accessorsDoNotConvertBetweenTypes() throws {
        let integer = try parsedValue("a = 1")
        #expect(integer.floatValue == nil)
        #expect(integer.stringValue == nil)
        #expect(try parsedValue("a = 1.0").integerValue == nil)
        #expect(try parsedValue("a = '1'").integerValue == nil)
        #expect(try parsedValue("a = 07:32:00").dateTimeValue == nil)
        #expect(try parsedValue("a = 1979-05-27T07:32:00").dateTimeValue?.offsetSeconds == nil)
    }
}
