import ConveneTestSupport
import Foundation

/// Small configurations in a temporary folder, for the commands that read one. The
/// folder goes away with the fixture.
struct ConfigurationFixture {
    let directory: TemporaryDirectory

    /// The main file, `convened.toml` in the folder.
    var mainFile: URL { directory.url.appendingPathComponent("convened.toml") }

    /// A usable configuration with no forums or series (which check-config warns
    /// about), in `timeZone` with `region`'s bank holidays.
    static func minimal(timeZone: String, region: String = "england-and-wales") throws -> ConfigurationFixture {
        let fixture = ConfigurationFixture(directory: try TemporaryDirectory(prefix: "convenectl-config"))
        try fixture.directory.write(
            """
            [organisation]
            name      = "Test Council"
            timezone  = "\(timeZone)"
            region    = "\(region)"
            organiser = { name = "Test Team", email = "team@example.org" }

            """, to: "convened.toml")
        return fixture
    }

    /// A configuration with six errors in two files; `brokenErrors` lists them as
    /// check-config reports them when run in the folder with `--config convened.toml`.
    static func broken() throws -> ConfigurationFixture {
        let fixture = ConfigurationFixture(directory: try TemporaryDirectory(prefix: "convenectl-config"))
        try fixture.directory.write(
            """
            [organisation]
            name      = "Test Council"
            timezone  = "Europe/Lundon"
            region    = "wales"
            organiser = { name = "Test Team", email = "not an email" }

            [[venue]]
            id        = "hall"
            name      = "Village Hall"
            capacity  = 0
            step_free = true

            """, to: "convened.toml")
        try fixture.directory.write(
            """
            title    = "Board"
            rrule    = "FREQ=MONTHLY;BYDAY=2XX"
            dtstart  = 2027-01-12
            start    = "10:00"
            duration = "PT2H"
            online   = "https://meet.example.org/board"
            invite   = ["*"]

            """, to: "meetings/board.toml")
        return fixture
    }

    static let brokenErrors = [
        #"convened.toml:3:13: error: organisation.timezone: unknown time zone "Europe/Lundon"; expected an IANA name such as "Europe/London""#,
        #"convened.toml:4:13: error: organisation.region: unknown bank holiday region "wales"; expected one of "england-and-wales", "scotland", "northern-ireland""#,
        #"convened.toml:5:43: error: organisation.organiser.email: is not an email address: it contains a space or one of < > ( ) [ ] , ; : " \ (write the address alone, without a name); expected name@domain, e.g. participation@example.org"#,
        "convened.toml:7:1: error: venue[0].district: required key is missing; expected a string",
        "convened.toml:10:13: error: venue[0].capacity: 0 is out of range; expected a whole number from 1 to 10000",
        #"meetings/board.toml:2:12: error: rrule: invalid rule: BYDAY=2XX: "2XX" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 2TU or -1FR"#,
    ]
}
