import ConveneCore
import ConveneTestSupport
import Testing

/// Convene's bank holidays against the `holidays` package (pinned in
/// Oracles/requirements.txt), date for date, 2000–2100, in every region.
@Suite(.runsOnBlockingThreads) struct BankHolidayOracleTests {
    /// A date on which Convene and the package knowingly disagree, and why.
    struct ExplainedMismatch: Hashable, Sendable {
        enum Side: Hashable, Sendable { case onlyConvene, onlyPackage }
        let region: BankHolidayRegion
        let date: String
        let side: Side
        let reason: String
    }

    /// Every known disagreement. Each must still occur, so an entry goes stale loudly
    /// when either side is corrected.
    static let explainedMismatches: [ExplainedMismatch] = [
        ExplainedMismatch(
            region: .scotland, date: "2006-11-30", side: .onlyPackage,
            reason: """
                St Andrew's Day became a Scottish bank holiday by the St Andrew's Day Bank Holiday \
                (Scotland) Act 2007 (asp 2), which received Royal Assent on 15 January 2007; the \
                package starts it in 2006, when 30 November was an ordinary Thursday.
                """)
    ]

    static let years = 2000...2100

    /// The package's name for each region's subdivision.
    static func subdivision(_ region: BankHolidayRegion) -> String {
        switch region {
        case .englandAndWales: "ENG"
        case .scotland: "SCT"
        case .northernIreland: "NIR"
        }
    }

    @Test(arguments: BankHolidayRegion.allCases)
    func everyHolidayDateMatchesThePackageOrIsExplained(_ region: BankHolidayRegion) throws {
        let subdivision = Self.subdivision(region)
        let output = try PythonOracle.run(
            "holidays_oracle.py",
            arguments: [String(Self.years.lowerBound), String(Self.years.upperBound), subdivision])

        // "SCT 2006-11-30 Saint Andrew's Day" → date → name
        var theirs: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2)
            try #require(fields.count == 3 && fields[0] == subdivision, "unexpected oracle line: \(line)")
            theirs[String(fields[1])] = String(fields[2])
        }
        let calendar = BankHolidayCalendar(region: region)
        var ours: [String: String] = [:]
        for year in Self.years {
            for holiday in calendar.holidays(in: year) { ours[holiday.date.description] = holiday.name }
        }
        #expect(ours.count >= 800 && theirs.count >= 800, "too few holidays to be a real comparison")

        let explained = Self.explainedMismatches.filter { $0.region == region }
        let explainedOurs = Set(explained.filter { $0.side == .onlyConvene }.map(\.date))
        let explainedTheirs = Set(explained.filter { $0.side == .onlyPackage }.map(\.date))
        let onlyOurs = Set(ours.keys).subtracting(theirs.keys)
        let onlyTheirs = Set(theirs.keys).subtracting(ours.keys)

        for date in onlyOurs.subtracting(explainedOurs).sorted() {
            Issue.record("\(region.displayName) \(date): Convene has \(ours[date]!), the package has nothing")
        }
        for date in onlyTheirs.subtracting(explainedTheirs).sorted() {
            Issue.record("\(region.displayName) \(date): the package has \(theirs[date]!), Convene has nothing")
        }
        for date in explainedOurs.union(explainedTheirs).subtracting(onlyOurs.union(onlyTheirs)).sorted() {
            Issue.record("\(region.displayName) \(date): explained mismatch no longer occurs; remove it")
        }
    }

    @Test func explainedMismatchesAreInsideTheComparedYears() {
        for mismatch in Self.explainedMismatches {
            let date = CivilDate(mismatch.date)
            #expect(date.map { Self.years.contains($0.year) } == true, "\(mismatch.date)")
            #expect(!mismatch.reason.isEmpty)
        }
    }
}
