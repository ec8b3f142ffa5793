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
        let date = ruleDate.description.filter { $0 != "-" }
        return "\(series)-\(date)\(index > 1 ? "-\(index)" : "")@\(domain)"
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
              !domain.isEmpty else { return nil }
        self.init(series: parts.joined(separator: "-"), ruleDate: date, index: index, domain: domain)
    }
}
