import ConveneCore
import ConveneTestSupport
import Foundation
import Testing

/// Real occurrences for the store's tests, from the scheduler: March 2027 of an
/// in-person meeting (2nd Tuesday 10:00 at County Hall) and an online-only one
/// (last Thursday 18:30, no venue), both for the two forums of `ConfigurationBuilder`.
enum LedgerFixtures {
    /// A copy of Fixtures/ledger-v8.sqlite (a ledger the GRDB-based store wrote, every
    /// migration up to v8-sender) at `path`, so a test can write to it.
    static func copyLedgerV8(to path: String) throws {
        let fixture = try #require(Bundle.module.url(forResource: "ledger-v8", withExtension: "sqlite", subdirectory: "Fixtures"))
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
    }

    static let zone = ZoneRules(identifier: "Europe/London")!

    static let configuration: Configuration = {
        var builder = ConfigurationBuilder()
        builder.series = [
            ConfigurationBuilder.series("stakeholder-forum", "FREQ=MONTHLY;BYDAY=2TU", start: "2027-01-12T10:00:00"),
            ConfigurationBuilder.series(
                "evening-drop-in", "FREQ=MONTHLY;BYDAY=-1TH", start: "2027-01-28T18:30:00",
                minutes: 60, venue: nil, online: "https://meet.example.org/drop-in"),
        ]
        return builder.build()
    }()

    static let march = Scheduler(configuration: configuration).schedule(year: 2027, month: 3).occurrences

    /// Tue 9 March 2027, 10:00–12:00 at County Hall.
    static var inPerson: Occurrence { march.first { $0.series == "stakeholder-forum" }! }

    /// Thu 25 March 2027, 18:30–19:30, online only.
    static var online: Occurrence { march.first { $0.series == "evening-drop-in" }! }

    /// The instant of a wall-clock time in London.
    static func instant(_ text: String) -> Int { zone.resolve(LocalDateTime(text)!).instant }

    static func notification(
        _ kind: ConveneCore.Notification.Kind, _ occurrence: Occurrence = inPerson,
        forum: String = "north-parents", sequence: Int = 0, lead: String? = nil,
        due: String = "2027-02-15T09:00:00"
    ) -> ConveneCore.Notification {
        Notification(
            kind: kind, occurrence: occurrence, forum: forum, sequence: sequence,
            lead: lead.map { ISODuration($0)! }, due: instant(due))
    }

    /// A Maildir-like file name, as the spool would choose.
    static func fileName(_ notification: ConveneCore.Notification, at writtenAt: Int) -> String {
        "\(writtenAt).\(notification.id).convene"
    }
}

extension TemporaryDirectory {
    /// Where a test's store file lives.
    var storePath: String { url.appendingPathComponent("convene.sqlite").path }
}
