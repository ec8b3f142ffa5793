import ArgumentParser
import ConveneCore

/// `convenectl holidays`: a year's bank holidays.
struct HolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "List a year's UK bank holidays, one YYYY-MM-DD<TAB>Name line each.",
        discussion: """
            Includes substitute days (a holiday on a weekend moves to the next free \
            weekday) and the weekend dates themselves. With a configuration, its region \
            and proclaimed one-off holidays are used.

            EXAMPLES:
              convenectl holidays --year 2027
              convenectl holidays --year 2026 --region scotland
            """
    )

    @Option(help: ArgumentHelp("The year.", valueName: "YYYY"))
    var year: Int

    @Option(
        help: ArgumentHelp(
            "england-and-wales, scotland or northern-ireland. Default: the configuration's, else england-and-wales.",
            valueName: "region"))
    var region: String?

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard (1900...9999).contains(year) else { throw ValidationError("--year must be between 1900 and 9999") }
        if let region, BankHolidayRegion(rawValue: region) == nil {
            throw ValidationError("--region must be england-and-wales, scotland or northern-ireland")
        }
    }

    func run() throws {
        let configuration = try options.loadIfPresent()
        let chosen =
            region.flatMap(BankHolidayRegion.init(rawValue:))
            ?? configuration?.organisation.region ?? .englandAndWales
        let calendar = BankHolidayCalendar(region: chosen, proclaimed: configuration?.proclaimedBankHolidays ?? [])
        for holiday in calendar.holidays(in: year) {
            print("\(holiday.date)\t\(holiday.name)")
        }
    }
}
