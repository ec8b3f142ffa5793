import ArgumentParser
import ConveneCore

/// `convenectl`: coordinators' and admins' tool for Convene's schedule.
@main
struct Convenectl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convenectl",
        abstract: "Check Convene's configuration and work out meeting dates.",
        discussion: """
            Offline commands read the configuration files directly; they do not need \
            the daemon. The configuration defaults to $CONVENE_CONFIG, or \
            /etc/convened/convened.toml.

            EXAMPLES:
              convenectl check-config --config config/convened.toml
              convenectl expand --rrule 'FREQ=MONTHLY;BYDAY=2TU' \\
                  --dtstart 2026-09-08T10:00:00 --tz Europe/London
              convenectl holidays --year 2027 --region scotland
              convenectl schedule --config config/convened.toml --month 2027-05
              convenectl dates --month 2027-03
            """,
        version: ConveneVersion.string,
        subcommands: [CheckConfigCommand.self, ScheduleCommand.self, ExpandCommand.self, HolidaysCommand.self, DatesCommand.self]
    )
}
