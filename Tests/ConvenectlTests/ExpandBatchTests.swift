import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

@Suite(.runsOnBlockingThreads) struct ExpandBatchTests {
    /// Two good rules around a comment, a blank line, a bad rule and a line with no tab.
    static let mixedBatch = Convenectl.lines(
        "# Stakeholder Forum, then a rule across the spring gap",
        "2027-01-12T10:00:00\tFREQ=MONTHLY;BYDAY=2TU;COUNT=2",
        "",
        "2027-01-12T10:00:00\tFREQ=MONTHLY;BYDAY=2XX",
        "2027-01-12T10:00:00 FREQ=DAILY",
        "2027-03-28T01:30:00\tFREQ=DAILY;COUNT=2")

    static let mixedBatchOutput = Convenectl.lines(
        "2\t2027-01-12T10:00:00+00:00",
        "2\t2027-02-09T10:00:00+00:00",
        "6\t2027-03-28T02:30:00+01:00",
        "6\t2027-03-29T01:30:00+01:00")

    static func mixedBatchErrors(file: String) -> String {
        Convenectl.lines(
            #"\#(file):4: BYDAY=2XX: "2XX" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 2TU or -1FR"#,
            "\(file):5: expected DTSTART<TAB>RULE, e.g. 2026-09-08T10:00:00<TAB>FREQ=MONTHLY;BYDAY=2TU")
    }

    @Test func goodLinesArePrintedWithTheirLineNumbersAndBadOnesReportedWithFileAndLine() throws {
        let directory = try TemporaryDirectory(prefix: "convenectl-batch")
        let file = try directory.write(Self.mixedBatch, to: "rules.tsv")
        let result = try Convenectl.run(["expand", "--batch", file.path, "--tz", "Europe/London"])
        #expect(result.status == 2)
        #expect(result.stdout == Self.mixedBatchOutput)
        #expect(result.stderr == Self.mixedBatchErrors(file: file.path))
    }

    @Test func dashReadsTheBatchFromStandardInput() throws {
        let result = try Convenectl.run(["expand", "--batch", "-", "--tz", "Europe/London"], stdin: Self.mixedBatch)
        #expect(result.status == 2)
        #expect(result.stdout == Self.mixedBatchOutput)
        #expect(result.stderr == Self.mixedBatchErrors(file: "-"))
    }

    /// A line whose rule is empty is refused with its line, not expanded to DTSTART alone.
    @Test func aLineWithAnEmptyRuleIsRefused() throws {
        let batch = Convenectl.lines("2027-01-12T10:00:00\t", "2027-01-12T10:00:00\tFREQ=DAILY;COUNT=1")
        let result = try Convenectl.run(["expand", "--batch", "-", "--tz", "Europe/London"], stdin: batch)
        #expect(result.status == 2)
        #expect(result.stdout == Convenectl.lines("2\t2027-01-12T10:00:00+00:00"))
        #expect(result.stderr.hasPrefix("-:1: RRULE: the rule is empty"), "\(result.stderr)")
    }

    @Test func aBatchWithOnlyGoodLinesExitsZero() throws {
        let batch = Convenectl.lines(
            "2027-01-12T10:00:00\tFREQ=MONTHLY;BYDAY=2TU;COUNT=1",
            "2027-10-31T01:30:00\tFREQ=DAILY;COUNT=1")
        let result = try Convenectl.run(["expand", "--batch", "-", "--tz", "Europe/London"], stdin: batch)
        #expect(result.status == 0)
        #expect(result.stdout == Convenectl.lines("1\t2027-01-12T10:00:00+00:00", "2\t2027-10-31T01:30:00+01:00"))
        #expect(result.stderr == "")
    }

    @Test func windowAndLimitApplyToEachRuleOnItsOwn() throws {
        let batch = Convenectl.lines(
            "2027-01-12T10:00:00\tFREQ=MONTHLY;BYDAY=2TU",
            "2027-01-05T18:30:00\tFREQ=WEEKLY;BYDAY=TU")
        let result = try Convenectl.run(
            ["expand", "--batch", "-", "--tz", "Europe/London", "--from", "2027-04-01", "--to", "2027-06-30", "--limit", "2"],
            stdin: batch)
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "1\t2027-04-13T10:00:00+01:00",
                    "1\t2027-05-11T10:00:00+01:00",
                    "2\t2027-04-06T18:30:00+01:00",
                    "2\t2027-04-13T18:30:00+01:00"))
    }

    @Test func anUnreadableBatchFileExitsTwo() throws {
        let directory = try TemporaryDirectory(prefix: "convenectl-batch")
        let path = directory.url.appendingPathComponent("absent.tsv").path
        let result = try Convenectl.run(["expand", "--batch", path, "--tz", "UTC"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(path): cannot read the file\n")
    }

    /// A rule repeated in a batch is read once, but each line keeps its own DTSTART; and a
    /// date-only RDATE takes each line's own time.
    @Test func aRepeatedRuleKeepsEachLinesOwnStart() throws {
        let batch = Convenectl.lines(
            "2027-01-12T10:00:00\tFREQ=MONTHLY;BYDAY=2TU;COUNT=1",
            "2027-01-12T18:30:00\tFREQ=MONTHLY;BYDAY=2TU;COUNT=1",
            "2027-01-12T10:00:00\tFREQ=MONTHLY;COUNT=1 RDATE:20270301",
            "2027-01-12T18:30:00\tFREQ=MONTHLY;COUNT=1 RDATE:20270301",
            "2027-02-09T10:00:00\tFREQ=MONTHLY;BYDAY=2TU;COUNT=1\r")
        let result = try Convenectl.run(["expand", "--batch", "-", "--tz", "Europe/London"], stdin: batch)
        #expect(result.status == 0)
        #expect(
            result.stdout
                == Convenectl.lines(
                    "1\t2027-01-12T10:00:00+00:00",
                    "2\t2027-01-12T18:30:00+00:00",
                    "3\t2027-01-12T10:00:00+00:00",
                    "3\t2027-03-01T10:00:00+00:00",
                    "4\t2027-01-12T18:30:00+00:00",
                    "4\t2027-03-01T18:30:00+00:00",
                    "5\t2027-02-09T10:00:00+00:00"))
    }

    /// A batch far longer than one block of lines expanded together (several windows of
    /// them on any machine), with a bad line now and then: every good line's instances in
    /// the file's order, every problem after them in line order, whichever block or
    /// thread a line fell to.
    @Test func aLongBatchKeepsTheFilesOrder() throws {
        let count = 20_000
        var batch = ""
        var expected = ""
        for number in 1...count {
            let date = CivilDate(year: 2027, month: 1, day: 1)!.adding(days: number % 300)
            let rule = ["FREQ=DAILY;COUNT=2", "FREQ=WEEKLY;COUNT=2", "FREQ=MONTHLY;BYMONTHDAY=\(date.day);COUNT=1"][number % 3]
            if number % 997 == 0 {
                batch += "\(date)T10:00:00\tFREQ=DAILY;COUNT=two\n"
                continue
            }
            batch += "\(date)T10:00:00\t\(rule)\n"
            let days = [[0, 1], [0, 7], [0]][number % 3]
            for offset in days { expected += "\(number)\t\(date.adding(days: offset))T10:00:00+00:00\n" }
        }
        let result = try Convenectl.run(["expand", "--batch", "-", "--tz", "UTC"], stdin: batch)
        #expect(result.status == 2)
        #expect(result.stdout == expected)
        // "-:997: COUNT=two: …", one a bad line, in the file's order.
        let problems = result.stderr.split(separator: "\n")
        #expect(problems.map { Int($0.dropFirst(2).prefix { $0 != ":" }) } == (1...(count / 997)).map { $0 * 997 })
        #expect(problems.allSatisfy { $0.contains("COUNT") }, "\(problems.prefix(2))")
    }
}
