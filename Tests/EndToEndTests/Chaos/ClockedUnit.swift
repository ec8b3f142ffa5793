import ConveneConfig
import ConveneCore
import ConveneStore
import ConveneTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped unit in the user manager on the daemon's test clock (`CONVENE_TEST_CLOCK`,
/// a file in the unit's folder), with `forums` online forums all invited to five daily
/// series (at 09:00, 11:00, 13:00, 15:00 and 17:00, half an hour each) from 1 March
/// 2027, a reminder the day before, and invitations published 14 days before each
/// month. Setting the clock file moves the daemon's time. Nothing falls due between
/// 17:30 and 09:00, so a clock set to 19:00 stands still as far as the daemon can tell.
final class ClockedUnit {
    let unit: UserUnit
    let forums: Int
    private(set) var clockSetting: (instant: Date, rate: Double, at: Date)

    var clockFile: String { unit.folder + "/clock" }

    init(forums: Int, clock instant: String, rate: Double = 1, dropIn: String = "") throws {
        try SystemdUserManager.require()
        self.forums = forums
        unit = try UserUnit(dropIn: dropIn)
        clockSetting = (Date(), 1, Date())
        try ClockedUnit.writeConfiguration(to: unit.config, forums: forums)
        try setClock(instant, rate: rate)
        try unit.setDropIn("clock", "Environment=CONVENE_TEST_CLOCK=\(clockFile)")
    }

    /// Stops the unit and removes it and its folder.
    func remove() { unit.remove() }

    /// Sets the daemon's clock (atomically: the daemon never reads half a file).
    func setClock(_ instant: String, rate: Double = 1) throws {
        let date = try #require(ISO8601DateFormatter().date(from: instant), "\(instant)")
        try "\(instant)\(rate == 1 ? "" : " x\(Int(rate))")\n".write(toFile: clockFile, atomically: true, encoding: .utf8)
        clockSetting = (date, rate, Date())
    }

    /// What the daemon's clock reads now, as the file and the rate say.
    var clockNow: Date {
        clockSetting.instant + Date().timeIntervalSince(clockSetting.at) * clockSetting.rate
    }

    static func writeConfiguration(to folder: String, forums: Int) throws {
        try ServiceConfiguration.writeOrganisation(to: folder, forums: forums, reminders: ["P1D"])
        for hour in ClockedUnit.hours {
            try """
            title     = "Check-in \(hour)"
            rrule     = "FREQ=DAILY"
            dtstart   = 2027-03-01
            start     = "\(hour):00"
            duration  = "PT30M"
            online    = "https://meet.example.org/check-in"
            invite    = ["*"]
            on_closed = "skip"

            """.write(toFile: folder + "/meetings/check-in-\(hour).toml", atomically: true, encoding: .utf8)
        }
    }

    /// The meetings' start hours; each is a daily series `check-in-HH`.
    static let hours = ["09", "11", "13", "15", "17"]

    /// Waits until the daemon, at a clock that is not moving on its own, has written
    /// everything due: it has planned since the clock was last set (its next
    /// notification is after that time), nothing is in its backlog, nothing is
    /// committed and not done.
    func waitUntilSettled(timeout: Duration = .seconds(120)) throws {
        let formatter = ISO8601DateFormatter()
        try SystemdUserManager.wait("every due notification written", timeout: timeout) {
            guard let status = try? unit.status(), status["spool_backlog"] as? Int == 0,
                let next = status["next_notification"] as? [String: Any],
                let due = (next["due"] as? String).flatMap(formatter.date(from:)),
                due > clockSetting.instant
            else { return false }
            return try Store.open(path: unit.state + "/ledger.sqlite").committedNotDone().isEmpty
        }
    }

    /// Waits up to `timeout` for a message draft to appear in some forum's tmp/: the
    /// daemon is in the middle of a delivery. False if none appeared (or no forum
    /// folder exists yet).
    func waitForDraft(timeout: Duration) -> Bool {
        let watcher = inotify_init1(Int32(IN_CLOEXEC))
        guard watcher >= 0 else { return false }
        defer { close(watcher) }
        var watched = 0
        for forum in (try? FileManager.default.contentsOfDirectory(atPath: unit.spool)) ?? []
        where inotify_add_watch(watcher, "\(unit.spool)/\(forum)/tmp", UInt32(IN_CREATE)) >= 0 {
            watched += 1
        }
        var descriptor = pollfd(fd: watcher, events: Int16(POLLIN), revents: 0)
        return watched > 0 && poll(&descriptor, 1, Int32(timeout.components.seconds * 1000)) > 0
    }
}

/// What a daemon left behind, checked against its ledger and against the planner.
struct SpoolAudit {
    /// Notification files by `forum/id`, with how many copies of each.
    let files: [String: Int]
    /// The ledger's written notifications, by `forum/id`.
    let written: Set<String>
    /// Files left in some forum's tmp/.
    let drafts: [String]
    /// What the planner says is still due at `now`, given the ledger's history.
    let stillDue: [ConveneCore.Notification]
    let overrides: [Override]

    init(folder: String, now: Int) throws {
        let store = try Store.open(path: folder + "/state/ledger.sqlite")
        written = Set(try store.notifications().filter { $0.writtenAt != nil }.map { "\($0.forum)/\($0.id)" })
        overrides = try store.overrides()
        var files: [String: Int] = [:]
        var drafts: [String] = []
        let spool = folder + "/spool"
        // `_officers` holds the officers' reminders, not a forum's messages.
        for forum in try FileManager.default.contentsOfDirectory(atPath: spool) where !forum.hasPrefix("_") {
            for box in ["new", "cur"] {
                for file in try FileManager.default.contentsOfDirectory(atPath: "\(spool)/\(forum)/\(box)") {
                    files["\(forum)/\(file.split(separator: ".")[1])", default: 0] += 1
                }
            }
            drafts += try FileManager.default.contentsOfDirectory(atPath: "\(spool)/\(forum)/tmp").map { "\(forum)/tmp/\($0)" }
        }
        self.files = files
        self.drafts = drafts

        let loaded = ConfigurationLoader(mainFile: folder + "/config/convened.toml").load()
        let configuration = try #require(loaded.configuration, "\(loaded.errors)")
        let window = PlanningWindow(at: now, months: 3, in: configuration.organisation.timeZone)
        let schedule = Scheduler(configuration: configuration).schedule(
            from: window.first, through: window.last,
            overrides: overrides)
        stillDue =
            NotificationPlanner(configuration: configuration)
            .plan(occurrences: schedule.occurrences, history: try store.history(), horizon: window.instants, now: now).due
    }

    var duplicates: [String] { files.filter { $0.value > 1 }.keys.sorted() }

    /// Every notification exactly once: one file per ledger row and no file without one,
    /// nothing half-written, nothing still due.
    func expectExactlyOnce(sourceLocation: SourceLocation = #_sourceLocation) {
        // Counts are compared, not the collections, so a failure prints a few examples
        // rather than thousands of names.
        let unrecorded = Set(files.keys).subtracting(written)
        let missing = written.subtracting(files.keys)
        #expect(written.count > 0, sourceLocation: sourceLocation)
        #expect(duplicates.count == 0, "duplicated: \(duplicates.prefix(5))", sourceLocation: sourceLocation)
        #expect(unrecorded.count == 0, "files without a ledger row: \(unrecorded.prefix(5))", sourceLocation: sourceLocation)
        #expect(missing.count == 0, "ledger rows without a file: \(missing.prefix(5))", sourceLocation: sourceLocation)
        #expect(drafts.count == 0, "left in tmp/: \(drafts.prefix(5))", sourceLocation: sourceLocation)
        let lost = stillDue.prefix(5).map { "\($0.forum) \($0.kind) \($0.occurrence.uid)" }
        #expect(stillDue.count == 0, "lost (due but never written): \(lost)", sourceLocation: sourceLocation)
    }
}
