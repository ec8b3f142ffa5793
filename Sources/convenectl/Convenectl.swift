import ArgumentParser
import ConveneCore

/// `convenectl`: coordinators' and admins' tool for Convene's schedule.
@main
struct Convenectl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convenectl",
        abstract: "Check Convene's configuration, work out meeting dates, and run the schedule through the daemon.",
        discussion: """
            Offline commands (check-config, schedule, expand, holidays, dates) read the \
            configuration files directly; they do not need the daemon. The configuration \
            defaults to $CONVENE_CONFIG, or /etc/convened/convened.toml.

            The other commands talk to the running daemon over its control socket \
            ($CONVENE_SOCKET, or /run/convened/control.sock). Exit status: 0 done, \
            1 failed, 2 bad input, 3 daemon not running, 4 permission denied, \
            5 not found, 6 clash or stale change, 64 a command line that cannot be parsed.

            EXAMPLES:
              convenectl check-config --config config/convened.toml
              convenectl expand --rrule 'FREQ=MONTHLY;BYDAY=2TU' \\
                  --dtstart 2026-09-08T10:00:00 --tz Europe/London
              convenectl holidays --year 2027 --region scotland
              convenectl schedule --config config/convened.toml --month 2027-05
              convenectl dates --month 2027-03
              convenectl status
              convenectl cancel stakeholder-forum-20270309@example.org --reason Flooding
            """,
        version: ConveneVersion.string,
        subcommands: [
            CheckConfigCommand.self, ScheduleCommand.self, ExpandCommand.self, HolidaysCommand.self, DatesCommand.self,
            StatusCommand.self, ForumsCommand.self, ForumCommand.self, CancelCommand.self, MoveCommand.self,
            RestoreCommand.self, NotificationsCommand.self, ReloadCommand.self, ExportCommand.self, FeedURLCommand.self,
            AttendanceCommand.self, AnswerCommand.self, AttendedCommand.self, InboxCommand.self, ForgetCommand.self,
            SuggestCommand.self, RaiseCommand.self, ActionCommand.self, UpdateCommand.self, ItemsCommand.self,
            BackupCommand.self,
        ]
    )
}
