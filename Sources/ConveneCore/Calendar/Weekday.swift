/// A day of the week, numbered Monday-first as ISO 8601 and RFC 5545's default WKST.
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Sendable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The two-letter code RFC 5545 uses in BYDAY and WKST ("MO" … "SU").
    public var code: String {
        switch self {
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        case .sunday: "SU"
        }
    }

    /// The English name, as written to parents ("Tuesday").
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    /// The three-letter abbreviation used in tables and subjects ("Tue").
    public var shortName: String { String(name.prefix(3)) }

    /// Parses an RFC 5545 weekday code, case-insensitively.
    public init?(code: some StringProtocol) {
        switch code.uppercased() {
        case "MO": self = .monday
        case "TU": self = .tuesday
        case "WE": self = .wednesday
        case "TH": self = .thursday
        case "FR": self = .friday
        case "SA": self = .saturday
        case "SU": self = .sunday
        default: return nil
        }
    }

    /// True for Saturday and Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
