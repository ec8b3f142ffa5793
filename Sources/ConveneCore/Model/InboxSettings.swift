/// `[delivery]`: how messages leave besides the spool.
public struct DeliverySettings: Hashable, Sendable {
    /// The local MTA's sendmail program (`/usr/sbin/sendmail`); nil: files only.
    public let sendmail: String?
    /// Seconds a sendmail may take over one message before it is stopped and the message
    /// tried again later (`sendmail_timeout`, default one minute).
    public let sendmailTimeout: Int

    public init(sendmail: String? = nil, sendmailTimeout: Int = 60) {
        self.sendmail = sendmail
        self.sendmailTimeout = sendmailTimeout
    }
}

/// `[inbox]`: what happens to messages from forums that a person must read.
public struct InboxSettings: Hashable, Sendable {
    /// Where a message that needs a person is forwarded once, through the MTA (when
    /// `[delivery] sendmail` is configured); nil: it is only listed for coordinators.
    public let forwardTo: String?

    public init(forwardTo: String? = nil) {
        self.forwardTo = forwardTo
    }
}

/// `[privacy]`: how long parents' words are kept.
public struct PrivacySettings: Hashable, Sendable {
    /// Reasons given with answers are erased once older than this (the answer stays).
    public let keepReasons: RetentionPeriod

    public init(keepReasons: RetentionPeriod = RetentionPeriod(years: 2)) {
        self.keepReasons = keepReasons
    }
}

/// A period in calendar terms, `P2Y`, `P18M`, `P1Y6M`, `P90D`, `P12W`: counted back on
/// the organisation's calendar, so "two years" is the same date two years before.
public struct RetentionPeriod: Hashable, Sendable, CustomStringConvertible {
    public let years: Int
    public let months: Int
    public let days: Int
    public let text: String

    public init(years: Int = 0, months: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.days = days
        var text = "P"
        if years > 0 { text += "\(years)Y" }
        if months > 0 { text += "\(months)M" }
        if days > 0 || text == "P" { text += "\(days)D" }
        self.text = text
    }

    /// `PnYnMnWnD` with at least one part, in that order, no time part; nil otherwise.
    public init?(_ text: String) {
        var rest = Substring(text.uppercased())
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var (years, months, days, lastUnit) = (0, 0, 0, 0)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 5, let value = Int(digits), let unit = rest.dropFirst(digits.count).first
            else { return nil }
            rest = rest.dropFirst(digits.count + 1)
            let order: Int
            switch unit {
            case "Y": (order, years) = (1, value)
            case "M": (order, months) = (2, value)
            case "W": (order, days) = (3, days + value * 7)
            case "D": (order, days) = (4, days + value)
            default: return nil
            }
            guard order > lastUnit else { return nil }
            lastUnit = order
        }
        guard years + months + days > 0 else { return nil }
        self.init(years: years, months: months, days: days)
    }

    public var description: String { text }

    /// The instant this period before `now`, on `zone`'s calendar (same wall-clock time;
    /// the 29th to 31st of a shorter month become its last day).
    public func cutoff(before now: Int, in zone: ZoneRules) -> Int {
        let local = zone.zoned(instant: now).local
        var month = local.date.year * 12 + (local.date.month - 1) - years * 12 - months
        month = max(month, 0)
        let (year, monthOfYear) = (month / 12, month % 12 + 1)
        let day = min(local.date.day, CivilDate.daysInMonth(year: year, month: monthOfYear))
        let date = CivilDate(year: year, month: monthOfYear, day: day)!.adding(days: -days)
        return zone.resolve(LocalDateTime(date: date, time: local.time)).instant
    }
}
