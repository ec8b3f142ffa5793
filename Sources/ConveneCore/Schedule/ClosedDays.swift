/// Which days are closed, and why, for the series being scheduled: bank holidays,
/// the organisation's closures, school holidays (for term-time-only series) and
/// venue closures. Facts per day are worked out once per year scheduled.
struct ClosedDays {
    /// Why the organisation (and every series) is closed on a day, if it is.
    private var general: [Int: String] = [:]
    /// Why a term-time-only series cannot meet on a day (school holidays).
    private var school: [Int: String] = [:]
    /// Venue closures: venue id → [(days, reason)].
    private let venueClosures: [String: [(ClosedRange<Int>, String)]]

    init(configuration: Configuration, year: Int) {
        let first = CivilDate.dayNumber(year: year, month: 1, day: 1)
        let last = CivilDate.dayNumber(year: year, month: 12, day: 31)
        for holiday in configuration.bankHolidays.holidays(in: year) {
            general[holiday.date.dayNumber] = holiday.name
        }
        var byVenue: [String: [(ClosedRange<Int>, String)]] = [:]
        for closure in configuration.closures {
            let days = closure.from.dayNumber...closure.to.dayNumber
            let text = "\(closure.reason) (\(DayText.range(closure.from...closure.to)))"
            if let venue = closure.venue {
                byVenue[venue, default: []].append((days, text))
            } else {
                let (lower, upper) = (max(first, days.lowerBound), min(last, days.upperBound))
                guard lower <= upper else { continue }
                for day in lower...upper { general[day] = general[day] ?? text }
            }
        }
        venueClosures = byVenue
        for day in first...last {
            if let holiday = configuration.terms.holiday(on: CivilDate(dayNumber: day)) {
                school[day] = "\(holiday.name) (\(DayText.range(holiday.dates)))"
            }
        }
    }

    /// Why a series (term-time only or not) cannot meet on `day` at all, or nil if it may.
    func reason(termTimeOnly: Bool, on day: Int) -> String? {
        if let text = general[day] { return text }
        if termTimeOnly, let text = school[day] { return text }
        return nil
    }

    /// Whether any venue has a closure at all.
    var hasVenueClosures: Bool { !venueClosures.isEmpty }

    /// Why `venue` is closed on `day`, or nil.
    func venueClosure(_ venue: String, on day: Int) -> String? {
        guard !venueClosures.isEmpty else { return nil }
        return venueClosures[venue]?.first { $0.0.contains(day) }?.1
    }
}
