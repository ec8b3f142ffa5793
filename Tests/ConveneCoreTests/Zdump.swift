import ConveneTestSupport
import Foundation
import Synchronization

@testable import ConveneCore

/// glibc's zdump (Debian's libc-bin): what the C library makes of the same zone files
/// `ZoneRules` reads, under /usr/share/zoneinfo or `TZDIR`. The oracle for the tables,
/// because it always reads the same tz data as the code under test, whatever version a
/// machine has.
enum Zdump {
    /// glibc's, not another: the one that reads the same folder the same way.
    static let path = "/usr/bin/zdump"

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// A change of offset, from the pair of lines zdump prints around it.
    struct Change: Hashable, Sendable, CustomStringConvertible {
        /// The first instant with the new offset (the second line of the pair).
        let instant: Int
        let before: Int
        let after: Int

        var description: String { "\(LocalDateTime(wallSeconds: instant))Z \(before)→\(after)" }
    }

    /// What zdump printed that this reader does not understand.
    struct UnexpectedOutput: Error, CustomStringConvertible {
        let description: String
    }

    /// `zdump -v -c from,to names…` for each of `batches` (one invocation each, several
    /// at a time): the offset changes zdump lists for each name (a zone, or a POSIX TZ
    /// string) at or after the start of `from` and before the start of `to`, in order.
    /// Pairs that change only the abbreviation or the daylight saving flag are left out.
    static func changes(_ batches: [(years: Range<Int>, names: [String])]) throws -> [String: [Change]] {
        let argumentLists = batches.map { ["-v", "-c", "\($0.years.lowerBound),\($0.years.upperBound)"] + $0.names }
        var changes: [String: [Change]] = [:]
        for parsed in try run(argumentLists, parse: parseVerbose) {
            changes.merge(parsed) { _, new in new }
        }
        return changes
    }

    /// `zdump -i -c year,year+1 names…`: each zone's offset at the start of `year` (UT).
    /// `-v` prints no line at its cut-off times, only `NULL` for the ends of `time_t`, so a
    /// zone whose offset never changes would go unchecked without this.
    static func offsets(of names: [String], atStartOf year: Int) throws -> [String: Int] {
        var offsets: [String: Int] = [:]
        var zone: String?
        for line in try run([["-i", "-c", "\(year),\(year + 1)"] + names], parse: { $0 })[0].split(separator: "\n") {
            if line.hasPrefix("TZ=\""), line.hasSuffix("\"") {
                zone = String(line.dropFirst(4).dropLast())
            } else if let name = zone, line.hasPrefix("-\t-\t") {
                let text = line.dropFirst(4).prefix { $0 != "\t" }
                guard let offset = parseOffset(text) else { throw UnexpectedOutput(description: "zdump -i: \(line)") }
                offsets[name] = offset
                zone = nil
            }
        }
        return offsets
    }

    /// Runs zdump once for each argument list, as many at a time as there are cores, and
    /// returns what `parse` makes of what each printed.
    private static func run<Parsed: Sendable>(
        _ argumentLists: [[String]], parse: @Sendable (String) throws -> Parsed
    ) throws -> [Parsed] {
        let results = Mutex<[Int: Result<Parsed, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: argumentLists.count) { index in
            let result = Result<Parsed, any Error> {
                let arguments = argumentLists[index]
                let run = try Subprocess.run(URL(fileURLWithPath: path), arguments)
                guard run.status == 0, run.stderr.isEmpty else {
                    throw UnexpectedOutput(
                        description: "zdump \(arguments.prefix(4).joined(separator: " ")) …: status \(run.status), \(run.stderr)")
                }
                return try parse(run.stdout)
            }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { results in try argumentLists.indices.map { try results[$0]!.get() } }
    }

    /// Lines like `Europe/London  Sun Mar 29 00:59:59 2499 UT = Sun Mar 29 00:59:59 2499
    /// GMT isdst=0 gmtoff=0`, two for each change (its last second with the old offset,
    /// its first with the new), between `NULL` lines for the ends of `time_t`.
    @Sendable static func parseVerbose(_ output: String) throws -> [String: [Change]] {
        var output = output
        let samples = try output.withUTF8 { text in
            var lines = VerboseLines(text: text)
            return try lines.samples()
        }
        var changes: [String: [Change]] = [:]
        for (name, lines) in samples {
            guard lines.count % 2 == 0 else {
                throw UnexpectedOutput(description: "zdump -v: an odd number of lines for \(name)")
            }
            var found: [Change] = []
            for index in stride(from: 0, to: lines.count, by: 2) {
                let (before, after) = (lines[index], lines[index + 1])
                guard after.instant == before.instant + 1 else {
                    throw UnexpectedOutput(
                        description: "zdump -v: lines \(index) and \(index + 1) for \(name) are not a second apart")
                }
                if after.offset != before.offset {
                    found.append(Change(instant: after.instant, before: before.offset, after: after.offset))
                }
            }
            changes[name] = found
        }
        return changes
    }

    /// `zdump -v` output read byte by byte: a run prints up to a few megabytes, which
    /// splitting into strings or arrays takes seconds over in a debug build.
    private struct VerboseLines {
        let text: UnsafeBufferPointer<UInt8>
        /// The fields of the line being read, as ranges of `text`.
        private var fields: [Range<Int>] = []

        init(text: UnsafeBufferPointer<UInt8>) {
            self.text = text
            fields.reserveCapacity(20)
        }

        /// Each name's lines in order: the UT instant and the offset (`gmtoff`).
        mutating func samples() throws -> [String: [(instant: Int, offset: Int)]] {
            var samples: [String: [(instant: Int, offset: Int)]] = [:]
            var name = 0..<0
            var key = ""
            var lineStart = 0
            while lineStart < text.count {
                var lineEnd = lineStart
                while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                split(lineStart..<lineEnd)
                if fields.isEmpty || fields.count == 4 && isField(3, "NULL") { continue }
                guard fields.count >= 15, isField(6, "UT"), isField(7, "="), let instant = utInstant(),
                    let offset = number(fields[fields.count - 1], after: "gmtoff=")
                else {
                    let line = String(decoding: UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd]), as: UTF8.self)
                    throw UnexpectedOutput(description: "zdump -v: \(line)")
                }
                if !same(fields[0], name) {
                    name = fields[0]
                    key = String(decoding: UnsafeBufferPointer(rebasing: text[name]), as: UTF8.self)
                }
                samples[key, default: []].append((instant, offset))
            }
            return samples
        }

        /// Splits `line` at runs of spaces into `fields`.
        private mutating func split(_ line: Range<Int>) {
            fields.removeAll(keepingCapacity: true)
            var index = line.lowerBound
            while index < line.upperBound {
                if text[index] == UInt8(ascii: " ") {
                    index += 1
                    continue
                }
                let start = index
                while index < line.upperBound, text[index] != UInt8(ascii: " ") { index += 1 }
                fields.append(start..<index)
            }
        }

        private func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            guard a.count == b.count else { return false }
            for offset in 0..<a.count where text[a.lowerBound + offset] != text[b.lowerBound + offset] { return false }
            return true
        }

        private func isField(_ index: Int, _ literal: StaticString) -> Bool {
            let range = fields[index]
            guard range.count == literal.utf8CodeUnitCount else { return false }
            for offset in 0..<range.count where text[range.lowerBound + offset] != literal.utf8Start[offset] { return false }
            return true
        }

        /// The decimal number (perhaps negative) in `range` after `prefix`.
        private func number(_ range: Range<Int>, after prefix: StaticString = "") -> Int? {
            let count = prefix.utf8CodeUnitCount
            guard range.count > count else { return nil }
            for offset in 0..<count where text[range.lowerBound + offset] != prefix.utf8Start[offset] { return nil }
            var index = range.lowerBound + count
            let negative = text[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            guard index < range.upperBound, range.upperBound - index <= 18 else { return nil }
            var value = 0
            while index < range.upperBound {
                let digit = Int(text[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return negative ? -value : value
        }

        /// Fields 1 to 5, `Sun Mar 29 00:59:59 2499`, in seconds since the epoch.
        private func utInstant() -> Int? {
            let month = fields[2]
            let time = fields[4]
            guard month.count == 3, time.count == 8, text[time.lowerBound + 2] == UInt8(ascii: ":"),
                text[time.lowerBound + 5] == UInt8(ascii: ":"),
                let monthIndex = Zdump.months.firstIndex(where: { name in
                    (0..<3).allSatisfy { name.utf8Start[$0] == text[month.lowerBound + $0] }
                }),
                let day = number(fields[3]), let year = number(fields[5]),
                let hours = number(time.lowerBound..<(time.lowerBound + 2)),
                let minutes = number((time.lowerBound + 3)..<(time.lowerBound + 5)),
                let seconds = number((time.lowerBound + 6)..<time.upperBound)
            else { return nil }
            let days = CivilDate.dayNumber(year: year, month: monthIndex + 1, day: day)
            return days * 86_400 + hours * 3600 + minutes * 60 + seconds
        }
    }

    fileprivate static let months: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `+0530`, `-000115`, `+14`: ±hh[mm[ss]] in seconds east of UTC.
    private static func parseOffset(_ text: Substring) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = Array(text.dropFirst())
        guard [2, 4, 6].contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int(String(digits)) else {
            return nil
        }
        let (hours, minutes, seconds) =
            switch digits.count {
            case 2: (value, 0, 0)
            case 4: (value / 100, value % 100, 0)
            default: (value / 10_000, value / 100 % 100, value % 100)
            }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds)
    }
}
