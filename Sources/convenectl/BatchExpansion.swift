import ConveneCore
import Synchronization

/// `convenectl expand --batch`: every line of a file of DTSTART<TAB>RULE lines expanded
/// over one window, printed as LINE<TAB>TIMESTAMP in the file's order.
///
/// Lines are independent, so they are expanded in blocks on every processor, a window of
/// blocks at a time (so the output waiting to be written stays a few megabytes however
/// long the file), and each window's blocks written in order. The rule texts are parsed
/// before, once each, on one thread: a batch repeats them (a national set has 70
/// different ones in 3,978 lines).
struct BatchExpansion {
    let path: String
    let zone: ZoneRules
    let from: Int?
    let to: Int?
    let limit: Int

    /// Lines a block holds, and blocks a window: a national set is one window of 16.
    static let blockLines = 256
    static let windowBlocks = 8 * ConcurrentWork.processors

    /// One line to expand, as the first pass leaves it.
    private struct Line: Sendable {
        let number: Int
        let start: LocalDateTime
        let properties: ArraySlice<UInt8>
        /// Its rule parsed already, when the text is a rule alone (RDATE's dates may take
        /// DTSTART's time, so a text with RDATE or EXDATE is parsed with each line's start).
        let rule: RecurrenceRule?
    }

    /// A block's output and its lines' problems.
    private struct Block: Sendable {
        var output: [UInt8] = []
        var problems: [(line: Int, text: String)] = []
    }

    /// Writes each good line's instances to `out` and returns the problems, in the
    /// file's order ("FILE:LINE: …").
    func run(lines: [ArraySlice<UInt8>], into out: inout OutputBuffer) -> [String] {
        var problems: [(line: Int, text: String)] = []
        // Each text's rule, or nil where each line parses its own (a text with RDATE or
        // EXDATE, or one that did not parse: each such line reports its own problem).
        var rules: [ArraySlice<UInt8>: RecurrenceRule?] = [:]
        var work: [Line] = []
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let text = Self.trimmed(line)
            if text.isEmpty || text.first == UInt8(ascii: "#") { continue }
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")), let start = LocalDateTime(utf8: Self.trimmed(line[..<tab]))
            else {
                problems.append(
                    (number, "\(path):\(number): expected DTSTART<TAB>RULE, e.g. 2026-09-08T10:00:00<TAB>FREQ=MONTHLY;BYDAY=2TU"))
                continue
            }
            let properties = Self.trimmed(line[line.index(after: tab)...])
            let rule: RecurrenceRule?
            if let known = rules[properties] {
                rule = known
            } else {
                let recurrence = try? Recurrence(start: start, properties: String(decoding: properties, as: UTF8.self))
                rule = recurrence.flatMap { $0.additions.isEmpty && $0.exclusions.isEmpty ? $0.rule : nil }
                rules[properties] = .some(rule)
            }
            work.append(Line(number: number, start: start, properties: properties, rule: rule))
        }
        let blocks = stride(from: 0, to: work.count, by: Self.blockLines).map {
            work[$0..<min($0 + Self.blockLines, work.count)]
        }
        for window in stride(from: 0, to: blocks.count, by: Self.windowBlocks) {
            let range = window..<min(window + Self.windowBlocks, blocks.count)
            let done = Mutex([Block?](repeating: nil, count: range.count))
            ConcurrentWork.run(count: range.count, threads: ConcurrentWork.processors) { [self] index in
                let block = expand(blocks[range.lowerBound + index])
                done.withLock { $0[index] = block }
            }
            for block in done.withLock({ $0 }) {
                guard let block else { continue }
                out.write(bytes: block.output)
                problems += block.problems
            }
        }
        return problems.sorted { $0.line < $1.line }.map(\.text)
    }

    private func expand(_ lines: ArraySlice<Line>) -> Block {
        var block = Block()
        block.output.reserveCapacity(lines.count * 512)
        for line in lines {
            let recurrence: Recurrence
            if let rule = line.rule {
                recurrence = Recurrence(start: line.start, rule: rule)
            } else {
                do {
                    recurrence = try Recurrence(start: line.start, properties: String(decoding: line.properties, as: UTF8.self))
                } catch {
                    block.problems.append((line.number, "\(path):\(line.number): \(error)"))
                    continue
                }
            }
            // The line number's bytes once, then each instance's written straight in.
            let prefix = Array("\(line.number)\t".utf8)
            var instances = recurrence.occurrences(in: zone, from: from, to: to).makeIterator()
            var printed = 0
            while printed < limit, let instance = instances.next() {
                block.output.append(contentsOf: prefix)
                instance.appendRFC3339(to: &block.output)
                block.output.append(UInt8(ascii: "\n"))
                printed += 1
            }
        }
        return block
    }

    /// Without the spaces, tabs and carriage returns at either end.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else {
            return []
        }
        return bytes[first...last]
    }
}
