/// A bank holiday appointed by royal proclamation for one year only: an extra day
/// (a coronation, a state funeral) or a usual holiday moved to another date (the
/// Early May bank holiday of 2020 moved to Friday 8 May for VE Day).
///
/// The historic ones are built in (`HistoricBankHolidays`); new ones come from
/// configuration, because proclamations are made months ahead and the daemon
/// must not need a rebuild to honour one.
public struct ProclaimedBankHoliday: Hashable, Sendable {
    /// The day appointed.
    public let date: CivilDate
    /// The name to show, as gov.uk writes it.
    public let name: String
    /// The date the moved holiday would otherwise have fallen on (its own date, or
    /// its substitute weekday), which stops being a holiday; nil for an extra day.
    public let replaces: CivilDate?
    /// Where the proclamation applies.
    public let regions: Set<BankHolidayRegion>

    /// A proclaimed day; by default it applies to the whole UK and moves nothing.
    public init(
        date: CivilDate,
        name: String,
        replaces: CivilDate? = nil,
        regions: Set<BankHolidayRegion> = Set(BankHolidayRegion.allCases)
    ) {
        self.date = date
        self.name = name
        self.replaces = replaces
        self.regions = regions
    }
}
