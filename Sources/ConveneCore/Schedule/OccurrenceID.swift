/// The parts of an occurrence's UID: `<series>-<YYYYMMDD>[-n]@<domain>`, from the
/// series and the date the rule gives (n counts further instances on the same day).
/// Built from the rule's date rather than the final one, so a moved meeting keeps its
/// UID and calendar programs update it instead of adding a second.
public struct OccurrenceID: Hashable, Sendable, CustomStringConvertible {
    public let series: String
    public let ruleDate: CivilDate
    /// 1 for the first instance of the series that day.
    public let index: Int
    public let domain: String

    public init(series: String, ruleDate: CivilDate, index: Int = 1, domain: String) {
        self.series = series
        self.ruleDate = ruleDate
        self.index = index
        self.domain = domain
    }

    public var description: String {
        Self.text(prefix: Array((series + "-").utf8), date: ruleDate, index: index, suffix: Array(("@" + domain).utf8))
    }

    /// `<prefix><YYYYMMDD>[-n]<suffix>`, written straight into the string's storage:
    /// every occurrence of every year scheduled needs one.
    static func text(prefix: [UInt8], date: CivilDate, index: Int, suffix: [UInt8]) -> String {
        let number: [UInt8] = index > 1 ? Array("-\(index)".utf8) : []
        return String(unsafeUninitializedCapacity: prefix.count + 8 + number.count + suffix.count) { buffer in
            var at = 0
            for byte in prefix {
                buffer[at] = byte
                at += 1
            }
            var value = date.year * 10_000 + date.month * 100 + date.day
            for position in stride(from: at + 7, through: at, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            at += 8
            for byte in number + suffix {
                buffer[at] = byte
                at += 1
            }
            return at
        }
    }

    /// Reads a UID back; nil if it is not one Convene made.
    public init?(_ uid: String) {
        guard let at = uid.lastIndex(of: "@") else { return nil }
        let domain = String(uid[uid.index(after: at)...])
        var parts = uid[..<at].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var index = 1
        if let last = parts.last, last.count < 8, let n = Int(last), n > 1 {
            index = n
            parts.removeLast()
        }
        guard parts.count >= 2, let date = CivilDate(parts.removeLast()), Identifier.isValid(parts.joined(separator: "-")),
            !domain.isEmpty
        else { return nil }
        self.init(series: parts.joined(separator: "-"), ruleDate: date, index: index, domain: domain)
    }
}
