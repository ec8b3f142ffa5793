import ConveneCore
import Foundation

/// Configurations for the daemon under systemd: `forums` online-only forums, all
/// invited to a daily meeting, so whatever the date the tests run on, this month's
/// remaining meetings are published and their invitations are due at once.
public enum ServiceConfiguration {
    public static func write(to folder: String, forums: Int) throws {
        try writeOrganisation(to: folder, forums: forums)
        try series("daily", rule: "FREQ=DAILY", start: "23:00").write(
            toFile: folder + "/meetings/daily.toml",
            atomically: true, encoding: .utf8)
    }

    /// `convened.toml` (one district, reminders at `reminders` before each meeting) and
    /// `forums` online forums, `forum-0` … ; no meeting series yet.
    public static func writeOrganisation(to folder: String, forums: Int, reminders: [String] = []) throws {
        let manager = FileManager.default
        for sub in ["forums", "meetings"] {
            try manager.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        try """
        [organisation]
        name      = "Test County Council"
        timezone  = "Europe/London"
        region    = "england-and-wales"
        organiser = { name = "Participation Team", email = "participation@example.org" }

        [notifications]
        publish_days_before_month = 14
        reminders = [\(reminders.map { "\"\($0)\"" }.joined(separator: ", "))]

        [[district]]
        id   = "north"
        name = "North"

        """.write(toFile: folder + "/convened.toml", atomically: true, encoding: .utf8)
        for n in 0..<forums {
            try """
            name     = "Forum \(n)"
            district = "north"
            contacts = [{ name = "Secretary", email = "forum\(n)@example.org" }]

            """.write(toFile: folder + "/forums/forum-\(n).toml", atomically: true, encoding: .utf8)
        }
    }

    /// A meeting series file starting on the first of this month.
    public static func series(_ title: String, rule: String, start: String) -> String {
        let today = ZoneRules(identifier: "Europe/London")!.zoned(instant: Int(Date().timeIntervalSince1970)).local.date
        return """
            title     = "\(title)"
            rrule     = "\(rule)"
            dtstart   = \(CivilDate(year: today.year, month: today.month, day: 1)!)
            start     = "\(start)"
            duration  = "PT30M"
            online    = "https://meet.example.org/\(title)"
            invite    = ["*"]
            on_closed = "skip"

            """
    }

    /// A series file with an error in its rule, at line 2, column 13.
    public static let brokenSeries = """
        title     = "Broken"
        rrule     = "FREQ=MONTHLY;BYDAY=2XX"
        dtstart   = 2027-01-01
        start     = "10:00"
        duration  = "PT1H"
        online    = "https://meet.example.org/broken"
        invite    = ["*"]

        """
}
