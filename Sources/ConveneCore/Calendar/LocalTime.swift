/// A wall-clock time of day with second precision, with no date or zone.
public struct LocalTime: Hashable, Comparable, Sendable {
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(secondsSinceMidnight s: Int) {
        hour = s / 3600
        minute = s / 60 % 60
        second = s % 60
    }

    public static let midnight = LocalTime(secondsSinceMidnight: 0)

    public var secondsSinceMidnight: Int { hour * 3600 + minute * 60 + second }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.secondsSinceMidnight < rhs.secondsSinceMidnight
    }
}

extension LocalTime: CustomStringConvertible, LosslessStringConvertible {
    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    public var description: String {
        let hm = "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2))"
        return second == 0 ? hm : hm + ":\(CivilDate.pad(second, 2))"
    }

    /// Parses `HH:MM` or `HH:MM:SS` (24-hour clock).
    public init?(_ text: String) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// As `init?(_:)`, from the text's UTF-8 bytes.
    public init?(utf8 bytes: ArraySlice<UInt8>) {
        let at = bytes.startIndex
        guard bytes.count == 5 || (bytes.count == 8 && bytes[at + 5] == UInt8(ascii: ":")),
            bytes[at + 2] == UInt8(ascii: ":"),
            let h = CivilDate.number(bytes[at..<at + 2]), let m = CivilDate.number(bytes[at + 3..<at + 5])
        else { return nil }
        let s = bytes.count == 8 ? CivilDate.number(bytes[at + 6..<at + 8]) : 0
        guard let s else { return nil }
        self.init(hour: h, minute: m, second: s)
    }
}
