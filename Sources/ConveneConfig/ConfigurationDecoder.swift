import ConveneCore
import ConveneTOML

/// Turns the parsed files into a `Configuration`, file by file, checking each value
/// as it goes and references once their targets are known. Used by
/// `ConfigurationLoader`, which decides the order: main file, term dates, forums,
/// then meeting series.
struct ConfigurationDecoder {
    let log: DiagnosticLog
    /// The main file, where problems with the configuration as a whole are reported.
    let mainFile: String

    var organisation: Organisation?
    var termDatesFile: (String, SourceLocation)?
    var notifications = NotificationSettings()
    var scheduling = SchedulingSettings()
    var control = ControlSettings()
    var feeds = FeedSettings()
    var inbox = InboxSettings()
    var privacy = PrivacySettings()
    var delivery = DeliverySettings()
    var districts: [District] = []
    var venues: [Venue] = []
    var closures: [Closure] = []
    var proclaimed: [ProclaimedBankHoliday] = []
    var terms = TermCalendar.none
    var forums: [Forum] = []
    var series: [MeetingSeries] = []
    var officers: [Officer] = []
    /// Where each district and venue id was defined, for duplicate reports.
    var definitions: [String: SourceLocation] = [:]
    /// Every id that was defined, even by a definition with other errors, so a reference
    /// to it is not reported as unknown as well (one mistake, one message).
    var knownDistricts: [String] = []
    var knownVenues: [String] = []
    var knownForums: [String] = []

    init(mainFile: String, log: DiagnosticLog) {
        self.mainFile = mainFile
        self.log = log
    }

    /// The warning for a configuration without forums (an error for the daemon).
    static let noForums = "no forums are configured (expected files in forums/)"

    /// Builds the configuration from what decoded, running the checks that need
    /// everything at once. The caller discards it if the log has errors.
    func finish() -> Configuration? {
        guard let organisation else { return nil }
        if forums.isEmpty {
            log.warning(mainFile, at: nil, nil, Self.noForums)
        }
        if series.isEmpty {
            log.warning(mainFile, at: nil, nil, "no meeting series are configured (expected files in meetings/)")
        }
        return Configuration(
            organisation: organisation, districts: districts, venues: venues, forums: forums, series: series,
            terms: terms, closures: closures, proclaimedBankHolidays: proclaimed,
            notifications: notifications, scheduling: scheduling, control: control, feeds: feeds,
            inbox: inbox, privacy: privacy, delivery: delivery, officers: officers)
    }

    /// Records an id's definition, reporting a duplicate with where the first one was.
    mutating func define(_ kind: String, _ id: String, at location: SourceLocation) -> Bool {
        let key = "\(kind):\(id)"
        if let first = definitions[key] {
            log.error(
                location.file, at: location.position, location.keyPath,
                "duplicate \(kind) id \"\(id)\" (first defined at \(first.file):\(first.position?.description ?? "?"))")
            return false
        }
        definitions[key] = location
        return true
    }
}
