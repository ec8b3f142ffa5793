import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

/// Convene's recurrence expansion against python-dateutil (with the adjustments for
/// RFC 5545 that `Oracles/rrule_oracle.py` lists), on seeded random rules.
@Suite(.runsOnBlockingThreads) struct RecurrenceOracleTests {
    /// `CONVENE_ORACLE_SEED` and `CONVENE_ORACLE_CASES` explore beyond the fixed run.
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["CONVENE_ORACLE_SEED"].flatMap { UInt64($0) } ?? 20_261_129
    static let caseCount = environment["CONVENE_ORACLE_CASES"].flatMap { Int($0) } ?? 2500

    @Test func randomRulesAgreeWithDateutil() throws {
        var generator = RecurrenceCaseGenerator(seed: Self.seed)
        let cases = (0..<Self.caseCount).map { generator.randomCase(id: $0) }
        let mismatches = try compare(cases)
        #expect(
            mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    @Test func daylightSavingChangesInLondonAndNewYorkAgreeWithDateutil() throws {
        var generator = RecurrenceCaseGenerator(seed: Self.seed ^ 3_282_027)
        let cases = (0..<max(600, Self.caseCount / 4)).map { generator.daylightSavingCase(id: $0) }
        let mismatches = try compare(cases)
        #expect(
            mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    /// Expands every case both ways and describes each difference.
    private func compare(_ cases: [RecurrenceCase]) throws -> [String] {
        let output = try PythonOracle.run("rrule_oracle.py", input: cases.map(\.json).joined(separator: "\n"))
        var expected: [Int: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            expected[Int(fields[0])!] = fields.count > 1 ? String(fields[1]) : ""
        }
        #expect(expected.count == cases.count, "the oracle answered \(expected.count) of \(cases.count) cases")
        var mismatches: [String] = []
        for test in cases {
            let ours: String
            do {
                ours = try expand(test)
            } catch {
                ours = "ERROR\t\(error)"
            }
            if expected[test.id] != ours {
                mismatches.append("case \(test)\n  dateutil: \(expected[test.id] ?? "(no answer)")\n  convene:  \(ours)")
            }
        }
        return mismatches
    }

    private func expand(_ test: RecurrenceCase) throws -> String {
        let zone = try #require(ZoneRules(identifier: test.zone))
        let rule = try test.rule.map { text throws(RecurrenceRuleError) in try RecurrenceRule(parsing: text) }
        let recurrence = Recurrence(start: test.start, rule: rule, additions: test.additions, exclusions: test.exclusions)
        let end = zone.resolve(LocalDateTime(date: CivilDate(year: test.endYear, month: 1, day: 1)!, time: .midnight)).instant
        return recurrence.occurrences(in: zone, from: nil, to: end).prefix(test.limit).map(\.rfc3339).joined(separator: " ")
    }
}
