import ArgumentParser
import ConveneCore
import FoundationEssentials
import Glibc

/// `convenectl expand`: the dates a recurrence rule gives, one RFC 3339 timestamp a line.
struct ExpandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "List the dates and times a recurrence rule (RFC 5545 RRULE) gives.",
        discussion: """
            Prints one RFC 3339 timestamp per line with the zone's offset \
            (2027-04-13T10:00:00+01:00), in time order, each instant once. Wall-clock \
            times are kept across daylight-saving changes; a time the clocks skip moves \
            forward by the gap, a time they repeat is taken the first time (RFC 5545). \
            DTSTART is always the rule's first instance, even if the rule would not give it.

            The rule may be followed by RDATE: and EXDATE: lists, separated by spaces.

            With --batch, each line of FILE is DTSTART<TAB>RULE (blank lines and lines \
            starting with # are skipped) and the output is LINE<TAB>TIMESTAMP, LINE being \
            the line number in FILE.

            A bad rule exits 2 with the reason on stderr (in a batch, after all the good \
            lines have been printed).

            EXAMPLES:
              convenectl expand --rrule 'FREQ=MONTHLY;BYDAY=2TU' \\
                  --dtstart 2026-09-08T10:00:00 --tz Europe/London --limit 12
              convenectl expand --rrule 'FREQ=MONTHLY;BYDAY=-1TH EXDATE:20261231' \\
                  --dtstart 2026-09-24T18:30:00
              convenectl expand --batch rules.tsv --from 2027-01-01 --to 2027-12-31
            """
    )

    @Option(help: ArgumentHelp("The rule, e.g. 'FREQ=MONTHLY;BYDAY=2TU'.", valueName: "rule"))
    var rrule: String?

    @Option(help: ArgumentHelp("The first instance, as wall-clock time in the zone.", valueName: "YYYY-MM-DDTHH:MM:SS"))
    var dtstart: String?

    @Option(help: ArgumentHelp("A file of DTSTART<TAB>RULE lines ('-' for stdin).", valueName: "file"))
    var batch: String?

    @Option(help: ArgumentHelp("The IANA time zone. Default: the configuration's, else UTC.", valueName: "zone"))
    var tz: String?

    @Option(help: ArgumentHelp("At most this many instances per rule.", valueName: "n"))
    var limit: Int = 100

    @Option(help: ArgumentHelp("Only instances on or after this date.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(help: ArgumentHelp("Only instances on or before this date.", valueName: "YYYY-MM-DD"))
    var to: String?

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if batch == nil {
            guard rrule != nil, dtstart != nil else {
                throw ValidationError("give --rrule and --dtstart, or --batch FILE")
            }
            if LocalDateTime(dtstart ?? "") == nil {
                throw ValidationError("--dtstart \"\(dtstart ?? "")\" is not a date-time like 2026-09-08T10:00:00")
            }
        } else if rrule != nil || dtstart != nil {
            throw ValidationError("--batch cannot be combined with --rrule or --dtstart")
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, CivilDate(value) == nil { throw ValidationError("\(name) \"\(value)\" is not a date like 2027-01-31") }
        }
        if let first = from.flatMap(CivilDate.init), let last = to.flatMap(CivilDate.init), last < first {
            throw ValidationError("--to \(last) is before --from \(first)")
        }
        if let tz, ZoneRules(identifier: tz) == nil {
            throw ValidationError("--tz \"\(tz)\" is not a known time zone (expected e.g. Europe/London)")
        }
    }

    func run() throws {
        let zone = try resolveZone()
        let window = (
            from: from.flatMap(CivilDate.init).map { zone.resolve(LocalDateTime(date: $0, time: .midnight)).instant },
            to: to.flatMap(CivilDate.init).map { zone.resolve(LocalDateTime(date: $0.adding(days: 1), time: .midnight)).instant }
        )
        var out = OutputBuffer()
        defer { out.flush() }
        if let batch {
            // Problems are reported after the output, so a reader of both sees every good
            // line first, as the help promises.
            let problems = BatchExpansion(path: batch, zone: zone, from: window.from, to: window.to, limit: limit)
                .run(lines: try Self.lines(of: batch), into: &out)
            out.flush()
            for problem in problems { Output.error(problem) }
            if !problems.isEmpty { throw ExitCode(2) }
        } else if let rrule, let start = dtstart.flatMap(LocalDateTime.init) {
            let recurrence: Recurrence
            do {
                recurrence = try Recurrence(start: start, properties: rrule)
            } catch {
                Output.error("invalid rule: \(error)")
                throw ExitCode(2)
            }
            for instance in recurrence.occurrences(in: zone, from: window.from, to: window.to).prefix(limit) {
                out.write(instance.rfc3339 + "\n")
            }
        }
    }

    private func resolveZone() throws -> ZoneRules {
        if let zone = tz.flatMap(ZoneRules.init(identifier:)) { return zone }
        return try options.loadIfPresent()?.organisation.timeZone ?? .utc
    }

    /// The file's lines, as bytes: a batch can hold thousands of rules.
    private static func lines(of path: String) throws -> [ArraySlice<UInt8>] {
        let data = path == "-" ? Self.standardInput() : FileManager.default.contents(atPath: path)
        guard let data, String(validating: data, as: UTF8.self) != nil else {
            Output.error("\(path): cannot read the file")
            throw ExitCode(2)
        }
        return [UInt8](data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    /// All of stdin; nil if it cannot be read.
    private static func standardInput() -> Data? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                data += chunk[..<count]
            } else if count == 0 {
                return Data(data)
            } else if errno != EINTR {
                return nil
            }
        }
    }
}

/// Collects output and writes it in large blocks: a batch can print millions of lines.
struct OutputBuffer {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Bytes made elsewhere (a block of a batch's lines), written as they are.
    mutating func write(bytes: [UInt8]) {
        if buffer.isEmpty && bytes.count >= 1 << 16 {
            Output.standardOutput(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    private mutating func flushIfFull() {
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Output.standardOutput(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
