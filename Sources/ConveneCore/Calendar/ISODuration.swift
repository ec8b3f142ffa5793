/// An ISO 8601 duration such as `PT2H`, `P2D` or `P1W`: nominal days (which follow the
/// wall clock across a daylight-saving change, as RFC 5545 says for `P1D`) plus exact
/// seconds. Years and months are not accepted; they have no fixed length.
public struct ISODuration: Hashable, Sendable, Comparable {
    /// Whole days, weeks counted as seven.
    public let days: Int
    /// Hours, minutes and seconds, in seconds.
    public let seconds: Int

    public init(days: Int = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// The length if every day had 24 hours: for ordering and limits, not arithmetic.
    public var approximateSeconds: Int { days * 86_400 + seconds }

    public var isZero: Bool { days == 0 && seconds == 0 }

    public static func < (lhs: ISODuration, rhs: ISODuration) -> Bool {
        lhs.approximateSeconds < rhs.approximateSeconds
    }

    /// Parses `PnW`, `PnD`, `PTnHnMnS` and combinations like `P1DT2H`; nil otherwise.
    public init?(_ text: String) {
        var rest = Substring(text.uppercased())
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var days = 0
        var seconds = 0
        var inTime = false
        var sawAny = false
        var lastUnit = 0
        while !rest.isEmpty {
            if rest.first == "T" {
                guard !inTime else { return nil }
                inTime = true
                rest = rest.dropFirst()
                guard !rest.isEmpty else { return nil }
                continue
            }
            let digits = rest.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 9, let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = rest.first else { return nil }
            rest = rest.dropFirst()
            // Units must come in order (W, D, then H, M, S), each at most once.
            let order: Int
            switch (inTime, unit) {
            case (false, "W"):
                order = 1
                days += value * 7
            case (false, "D"):
                order = 2
                days += value
            case (true, "H"):
                order = 3
                seconds += value * 3600
            case (true, "M"):
                order = 4
                seconds += value * 60
            case (true, "S"):
                order = 5
                seconds += value
            default: return nil
            }
            guard order > lastUnit else { return nil }
            lastUnit = order
            sawAny = true
        }
        guard sawAny else { return nil }
        self.init(days: days, seconds: seconds)
    }
}

extension ISODuration: CustomStringConvertible {
    /// The canonical form: `P14D`, `PT1H30M`, `P1DT2H`; `PT0S` for zero.
    public var description: String {
        if isZero { return "PT0S" }
        var text = "P"
        if days > 0 { text += "\(days)D" }
        if seconds > 0 {
            text += "T"
            if seconds >= 3600 { text += "\(seconds / 3600)H" }
            if seconds % 3600 >= 60 { text += "\(seconds % 3600 / 60)M" }
            if seconds % 60 > 0 { text += "\(seconds % 60)S" }
        }
        return text
    }
}
