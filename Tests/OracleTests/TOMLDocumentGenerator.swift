import ConveneTestSupport

/// Seeded random TOML documents for the differential test: tables, arrays of
/// tables, dotted and quoted keys drawn from a small pool (so that redefinitions
/// happen), values of every type in most of their spellings, CRLF and byte order
/// marks now and then, and a share of documents broken by a random edit.
struct TOMLDocumentGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// Key parts shared across documents, written several ways (`a` and `"a"` are
    /// the same key), so that collisions test the redefinition rules.
    static let sharedKeys = [
        "a", "b", "c", "name", "x-1", "_k", "1", "true", "\"a\"", "'b'", "\"x y\"", "\"\"", "\"é\"", "'c.d'", "\"tab\\there\"",
    ]
    static let headerKeys = ["t", "u", "v", "a", "\"t\"", "'u'", "w-1"]

    mutating func document() -> String {
        var lines: [String] = []
        for _ in 0..<Int.random(in: 0...4, using: &random) { lines.append(keyValue()) }
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            lines.append(header())
            for _ in 0..<Int.random(in: 0...3, using: &random) { lines.append(keyValue()) }
        }
        lines = lines.flatMap { line in random.chance(0.15) ? ["", line] : [line] }
        var text = lines.joined(separator: "\n") + (random.chance(0.8) ? "\n" : "")
        if random.chance(0.1) { text = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n") }
        if random.chance(0.05) { text = "\u{FEFF}" + text }
        if random.chance(0.25) { text = mutate(text) }
        return text
    }

    // MARK: Structure

    private mutating func header() -> String {
        let parts = (0..<random.weighted([(1, 5), (2, 3), (3, 1)])).map { _ in pick(Self.headerKeys) }
        let name = parts.joined(separator: random.chance(0.2) ? " . " : ".")
        let line = random.chance(0.35) ? "[[\(name)]]" : "[\(name)]"
        return line + comment()
    }

    private mutating func keyValue() -> String {
        "\(key())\(pick([" = ", "=", "  =\t"]))\(value(depth: 0))\(comment())"
    }

    private mutating func key() -> String {
        let count = random.weighted([(1, 6), (2, 3), (3, 1)])
        let parts = (0..<count).map { index in
            index < count - 1 || random.chance(0.3) ? pick(Self.sharedKeys) : "k\(Int.random(in: 0..<40, using: &random))"
        }
        return parts.joined(separator: random.chance(0.15) ? " . " : ".")
    }

    private mutating func comment() -> String {
        random.chance(0.15) ? pick([" # note", "# é ✓", " #", "\t# [x] = 1"]) : ""
    }

    // MARK: Values

    private mutating func value(depth: Int) -> String {
        let nested = depth < 3 ? 10 : 0
        switch random.weighted([(0, 20), (1, 14), (2, 12), (3, 4), (4, 12), (5, nested), (6, nested)]) {
        case 0: return string()
        case 1: return integer()
        case 2: return float()
        case 3: return pick(["true", "false"])
        case 4: return dateTime()
        case 5: return array(depth: depth)
        default: return inlineTable(depth: depth)
        }
    }

    private mutating func string() -> String {
        let plain = ["a", "b", "Z", " ", "é", "🎉", "#", "=", "[", "1", "\t"]
        let escapes = ["\\n", "\\t", "\\\"", "\\\\", "\\u00e9", "\\U0001F600", "\\b", "\\f", "\\r", "\\u0000"]
        func text(_ pool: [String], _ count: Int, _ random: inout SeededGenerator) -> String {
            (0..<count).map { _ in pool[Int.random(in: 0..<pool.count, using: &random)] }.joined()
        }
        let length = Int.random(in: 0...8, using: &random)
        switch random.weighted([(0, 5), (1, 3), (2, 2), (3, 2)]) {
        case 0:
            return "\"" + text(plain + escapes + ["'"], length, &random) + "\""
        case 1:
            return "'" + text(plain + ["\\", "\""], length, &random) + "'"
        case 2:
            let body = text(plain + escapes + ["\n", "\"", "\"\"", "\\\n   ", "'"], length, &random)
            return "\"\"\"" + (random.chance(0.5) ? "\n" : "") + body + "\"\"\""
        default:
            let body = text(plain + ["\n", "'", "''", "\\", "\""], length, &random)
            return "'''" + (random.chance(0.5) ? "\n" : "") + body + "'''"
        }
    }

    private mutating func integer() -> String {
        switch random.weighted([(0, 6), (1, 3), (2, 2), (3, 1)]) {
        case 0:
            let number = Int64.random(in: -100_000...100_000, using: &random)
            return (number >= 0 && random.chance(0.2) ? "+" : "") + underscored(String(number))
        case 1:
            let number = Int64.random(in: 0...Int64.max, using: &random) >> Int64.random(in: 0...62, using: &random)
            let radix = pick([16, 8, 2])
            let prefix = radix == 16 ? "0x" : radix == 8 ? "0o" : "0b"
            let digits = String(number, radix: radix, uppercase: random.chance(0.5))
            return prefix + (random.chance(0.2) ? "0" : "") + underscored(digits)
        case 2:
            return pick([
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                "0x7fffffffffffffff", "0x8000000000000000", "0", "-0", "+0",
            ])
        default:
            return pick(["01", "1__2", "0x", "+0x1", "1_", "_1", "0b102", "0o8", "00"])
        }
    }

    private mutating func float() -> String {
        switch random.weighted([(0, 8), (1, 2), (2, 1)]) {
        case 0:
            let sign = pick(["", "", "-", "+"])
            let whole = random.chance(0.3) ? "0" : String(Int.random(in: 1...99_999, using: &random))
            var text = sign + underscored(whole)
            let hasFraction = random.chance(0.7)
            if hasFraction { text += "." + underscored(String(Int.random(in: 0...999_999, using: &random))) }
            if !hasFraction || random.chance(0.4) {
                text += pick(["e", "E"]) + pick(["", "+", "-"]) + String(Int.random(in: 0...330, using: &random))
            }
            return text
        case 1:
            return pick(["inf", "+inf", "-inf", "nan", "+nan", "-nan", "-0.0", "+0.0", "1e400", "5e-324"])
        default:
            return pick(["1.", ".5", "1.e3", "1e", "1.5.2", "1_.5", "Inf", "NaN", "1e_5"])
        }
    }

    private mutating func dateTime() -> String {
        func two(_ range: ClosedRange<Int>, _ random: inout SeededGenerator) -> String {
            let value = Int.random(in: range, using: &random)
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let yearValue = random.chance(0.1) ? pick([1600, 1900, 2000, 2024, 2023, 1]) : Int.random(in: 1...9999, using: &random)
        let year = String(repeating: "0", count: 4 - String(yearValue).count) + String(yearValue)
        // Mostly days every month has; now and then one that may not exist.
        let lastDay = random.chance(0.9) ? 28 : 31
        let date = "\(year)-\(two(1...12, &random))-\(two(1...lastDay, &random))"
        var time = "\(two(0...23, &random)):\(two(0...59, &random)):\(two(0...59, &random))"
        if random.chance(0.3) {
            time +=
                "."
                + (0..<Int.random(in: 1...10, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        }
        let offset = pick(["Z", "z", "+00:00", "-00:00", "+05:30", "-08:00", "+23:59"])
        switch random.weighted([(0, 3), (1, 3), (2, 2), (3, 2), (4, 1)]) {
        case 0: return date + pick(["T", "t", " "]) + time + offset
        case 1: return date + pick(["T", "t", " "]) + time
        case 2: return date
        case 3: return time
        default:
            return pick(["2023-02-29", "2026-02-30", "1979-05-27T24:00:00", "07:32", "1979-05-27T07:32:00+24:00", "0000-01-01"])
        }
    }

    private mutating func array(depth: Int) -> String {
        let count = Int.random(in: 0...4, using: &random)
        let multiline = random.chance(0.3)
        let separator = multiline ? pick([",\n  ", ", # c\n  ", "\n, "]) : pick([", ", ",", " ,"])
        let elements = (0..<count).map { _ in value(depth: depth + 1) }
        let trailing = count > 0 && random.chance(0.2) ? "," : ""
        let open = multiline ? "[\n  " : "["
        let close = multiline ? "\n]" : "]"
        return open + elements.joined(separator: separator) + trailing + close
    }

    private mutating func inlineTable(depth: Int) -> String {
        let pairs = (0..<Int.random(in: 0...3, using: &random)).map { _ in "\(key()) = \(value(depth: depth + 1))" }
        return pairs.isEmpty ? pick(["{}", "{ }"]) : "{ " + pairs.joined(separator: pick([", ", ","])) + " }"
    }

    // MARK: Helpers

    /// Breaks a document with one random edit; the result is mostly invalid.
    private mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return "=" }
        let at = Int.random(in: 0..<scalars.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            scalars.remove(at: at)
        case 1:
            let inserts: [Unicode.Scalar] = [
                "=", "[", "]", "{", "}", "\"", "'", "#", ".", ",", "\n", " ", "\\", "_", "0", "-", ":", "T", "z", "+", "\t", "\r",
                "\u{7}",
            ]
            scalars.insert(pick(inserts), at: at)
        case 2:
            scalars.removeSubrange(at...)
        default:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Int.random(in: 0..<lines.count, using: &random)
            lines.insert(lines[line], at: Int.random(in: 0...lines.count, using: &random))
            return lines.joined(separator: "\n")
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    /// Puts underscores between some digits.
    private mutating func underscored(_ digits: String) -> String {
        guard random.chance(0.2) else { return digits }
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, character.isHexDigit, result.last?.isHexDigit == true, random.chance(0.3) { result.append("_") }
            result.append(character)
        }
        return result
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }
}
