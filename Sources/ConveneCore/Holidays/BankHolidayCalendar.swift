/// A region's bank holidays, year by year: the standing rules, substitute weekdays,
/// the historic proclamations and any proclaimed in configuration.
///
/// The scheduler asks `holiday(on:)` for every candidate day of every forum, so the
/// years it plausibly asks about are worked out once, at init, and looked up
/// afterwards; other years are computed on each call, which is still microseconds.
public struct BankHolidayCalendar: Sendable {
    /// The region whose holidays these are.
    public let region: BankHolidayRegion

    /// The historic and configured proclamations that apply to `region`.
    private let proclamations: [ProclaimedBankHoliday]

    /// The years worked out at init, `precomputedYears.lowerBound` first.
    private let precomputed: [[BankHoliday]]

    /// The years looked up rather than computed: from the first historic move to the
    /// end of the range the differential tests check.
    static let precomputedYears = 1995...2100

    /// The calendar for `region`; `proclaimed` adds one-off days from configuration
    /// (those for other regions are ignored, so one list can serve every forum).
    public init(region: BankHolidayRegion, proclaimed: [ProclaimedBankHoliday] = []) {
        let proclamations = (HistoricBankHolidays.all + proclaimed).filter { $0.regions.contains(region) }
        self.region = region
        self.proclamations = proclamations
        self.precomputed = Self.precomputedYears.map {
            Self.computeHolidays(in: $0, region: region, proclamations: proclamations)
        }
    }

    /// The year's bank holidays in date order, one per date: weekend dates of
    /// fixed-date holidays are listed as well as the weekdays substituting for them.
    public func holidays(in year: Int) -> [BankHoliday] {
        if Self.precomputedYears.contains(year) {
            return precomputed[year - Self.precomputedYears.lowerBound]
        }
        return Self.computeHolidays(in: year, region: region, proclamations: proclamations)
    }

    /// The bank holiday on `date`, if there is one.
    public func holiday(on date: CivilDate) -> BankHoliday? {
        // A year holds about a dozen holidays, so a scan beats hashing.
        holidays(in: date.year).first { $0.date == date }
    }

    /// True if `date` is a bank holiday, substitute days and weekend dates included.
    public func isBankHoliday(_ date: CivilDate) -> Bool {
        holiday(on: date) != nil
    }
}

extension BankHolidayCalendar: Equatable {
    /// Two calendars are equal when they follow the same region and proclamations.
    public static func == (lhs: BankHolidayCalendar, rhs: BankHolidayCalendar) -> Bool {
        lhs.region == rhs.region && lhs.proclamations == rhs.proclamations
    }
}
