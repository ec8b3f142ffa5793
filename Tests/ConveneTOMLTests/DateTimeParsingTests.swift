import ConveneTOML
import Testing

@Suite struct DateTimeParsingTests {
    @Test func offsetDateTimesKeepTheirOffsetInSeconds() throws {
        let table = try TOML.parse(
            """
            zulu = 1979-05-27T07:32:00Z
            west = 1979-05-27T00:32:00.999999-07:00
            east = 1979-05-27 07:32:00+05:30
            lower = 1979-05-27t07:32:00z
            """)
        let zulu = try #require(table["zulu"]?.value.dateTimeValue)
        #expect(
            zulu
                == TOMLDateTime(
                    date: TOMLDate(year: 1979, month: 5, day: 27), time: TOMLTime(hour: 7, minute: 32, second: 0),
                    offsetSeconds: 0))
        let west = try #require(table["west"]?.value.dateTimeValue)
        #expect(west.offsetSeconds == -7 * 3600)
        #expect(west.time.nanosecond == 999_999_000)
        #expect(table["east"]?.value.dateTimeValue?.offsetSeconds == 5 * 3600 + 30 * 60)
        #expect(table["lower"]?.value.dateTimeValue == zulu)
        guard case .offsetDateTime = table["zulu"]?.value else {
            Issue.record("not an offset date-time")
            return
        }
    }

    @Test func localDatesAndTimesHaveNoOffset() throws {
        let table = try TOML.parse(
            """
            meeting = 2026-03-10T19:30:00
            spaced = 2026-03-10 19:30:00
            day = 2026-03-10
            time = 19:30:00.25
            """)
        guard case .localDateTime(let meeting) = table["meeting"]?.value else {
            Issue.record("not a local date-time")
            return
        }
        #expect(meeting.offsetSeconds == nil)
        #expect(table["spaced"]?.value.dateTimeValue == meeting)
        #expect(table["day"]?.value.dateValue == TOMLDate(year: 2026, month: 3, day: 10))
        #expect(table["time"]?.value.timeValue == TOMLTime(hour: 19, minute: 30, second: 0, nanosecond: 250_000_000))
    }

    @Test func fractionDigitsBeyondNanosecondsAreDropped() throws {
        #expect(try parsedValue("a = 00:00:00.1234567891").timeValue?.nanosecond == 123_456_789)
        #expect(try parsedValue("a = 00:00:00.000000001").timeValue?.nanosecond == 1)
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "1600-02-29", "2023-04-30", "0001-01-01", "9999-12-31"])
    func realDatesAreAccepted(text: String) throws {
        #expect(try parsedValue("a = \(text)").dateValue?.description == text)
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2026-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "0000-01-01",
    ])
    func datesThatDoNotExistAreRejected(text: String) {
        #expect(parseError("a = \(text)")?.description == "1:5: invalid date \(text)")
    }

    @Test func datesAndTimesDescribeThemselvesInRFC3339() {
        let date = TOMLDate(year: 1979, month: 5, day: 27)
        #expect(
            TOMLDateTime(
                date: date, time: TOMLTime(hour: 7, minute: 32, second: 0, nanosecond: 500_000_000), offsetSeconds: -25200
            ).description
                == "1979-05-27T07:32:00.5-07:00")
        #expect(
            TOMLDateTime(date: date, time: TOMLTime(hour: 7, minute: 32, second: 0), offsetSeconds: 0).description
                == "1979-05-27T07:32:00Z")
        #expect(
            TOMLDateTime(date: date, time: TOMLTime(hour: 7, minute: 32, second: 0), offsetSeconds: nil).description
                == "1979-05-27T07:32:00")
        #expect(TOMLDate(year: 33, month: 1, day: 2).description == "0033-01-02")
    }
}
