/// One day on which a region's bank holiday falls, as the scheduler sees it: no
/// forum meeting is planned on it unless a forum opts in.
///
/// A fixed-date holiday that lands on a weekend appears twice in a year's list:
/// once on its own date and once on the weekday that substitutes for it, so a
/// Saturday forum still sees Christmas Day and a weekday forum sees the day off.
public struct BankHoliday: Hashable, Sendable {
    /// The day itself.
    public let date: CivilDate
    /// The name as gov.uk writes it, e.g. "Christmas Day" or, for a substitute,
    /// "Christmas Day (substitute day)".
    public let name: String
    /// True for the weekday that stands in for a holiday falling on a weekend.
    public let isSubstitute: Bool

    /// A holiday on `date`; `name` already carries any "(substitute day)" suffix.
    public init(date: CivilDate, name: String, isSubstitute: Bool = false) {
        self.date = date
        self.name = name
        self.isSubstitute = isSubstitute
    }
}
