/// `GET /v1/status`: what the daemon is running and what it will do next.
/// Fields are only ever added; absent values are `null`.
public struct StatusDocument: Codable, Hashable, Sendable {
    public var version: String
    /// `running`, `reloading` or `stopping`.
    public var state: String
    /// When the running configuration was loaded (RFC 3339).
    public var configLoadedAt: String
    /// The main configuration file.
    public var configFile: String
    /// How many files the configuration was read from (`GET /v1/config/files` lists them).
    public var configFileCount: Int
    /// A fingerprint of those files' names and bytes: it changes when the configuration does.
    public var configDigest: String
    public var forums: Int
    public var series: Int
    public var venues: Int
    /// The next notification to fall due, if any is planned within the horizon.
    public var nextNotification: NextNotification?
    /// Notifications due now but not yet written (a forum's folder is failing).
    public var spoolBacklog: Int
    /// The most recent delivery or reload error, in plain words.
    public var lastError: String?
    /// The one-line status systemd shows.
    public var summary: String
    /// What in the inbox is waiting for a coordinator.
    public var inbox: InboxStatus
    /// Messages waiting for the MTA (`[delivery] sendmail`); null while the hand-off is off.
    public var mail: MailStatus?

    public init(
        version: String, state: String, configLoadedAt: String, configFile: String, configFileCount: Int,
        configDigest: String, forums: Int, series: Int,
        venues: Int, nextNotification: NextNotification?, spoolBacklog: Int, lastError: String?, summary: String,
        inbox: InboxStatus = InboxStatus(), mail: MailStatus? = nil
    ) {
        self.inbox = inbox
        self.mail = mail
        self.version = version
        self.state = state
        self.configLoadedAt = configLoadedAt
        self.configFile = configFile
        self.configFileCount = configFileCount
        self.configDigest = configDigest
        self.forums = forums
        self.series = series
        self.venues = venues
        self.nextNotification = nextNotification
        self.spoolBacklog = spoolBacklog
        self.lastError = lastError
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case version, state
        case configLoadedAt = "config_loaded_at"
        case configFile = "config_file"
        case configFileCount = "config_file_count"
        case configDigest = "config_digest"
        case forums, series, venues
        case nextNotification = "next_notification"
        case spoolBacklog = "spool_backlog"
        case lastError = "last_error"
        case summary, inbox, mail
    }

    /// Reads a status from an older daemon too (no `inbox`: nothing counted).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        state = try c.decode(String.self, forKey: .state)
        configLoadedAt = try c.decode(String.self, forKey: .configLoadedAt)
        configFile = try c.decode(String.self, forKey: .configFile)
        configFileCount = try c.decode(Int.self, forKey: .configFileCount)
        configDigest = try c.decode(String.self, forKey: .configDigest)
        forums = try c.decode(Int.self, forKey: .forums)
        series = try c.decode(Int.self, forKey: .series)
        venues = try c.decode(Int.self, forKey: .venues)
        nextNotification = try c.decodeIfPresent(NextNotification.self, forKey: .nextNotification)
        spoolBacklog = try c.decode(Int.self, forKey: .spoolBacklog)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        summary = try c.decode(String.self, forKey: .summary)
        inbox = try c.decodeIfPresent(InboxStatus.self, forKey: .inbox) ?? InboxStatus()
        mail = try c.decodeIfPresent(MailStatus.self, forKey: .mail)
    }

    /// Writes every key, `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(state, forKey: .state)
        try c.encode(configLoadedAt, forKey: .configLoadedAt)
        try c.encode(configFile, forKey: .configFile)
        try c.encode(configFileCount, forKey: .configFileCount)
        try c.encode(configDigest, forKey: .configDigest)
        try c.encode(forums, forKey: .forums)
        try c.encode(series, forKey: .series)
        try c.encode(venues, forKey: .venues)
        try c.encode(nextNotification, forKey: .nextNotification)
        try c.encode(spoolBacklog, forKey: .spoolBacklog)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(summary, forKey: .summary)
        try c.encode(inbox, forKey: .inbox)
        try c.encode(mail, forKey: .mail)
    }

    /// Counts only: each message's hand-off is in `/v1/notifications`.
    public struct MailStatus: Codable, Hashable, Sendable {
        /// Messages in the forums' folders not yet taken by the MTA.
        public var waiting: Int
        /// Of those, how many the MTA refused or did not finish (tried again with backoff).
        public var failing: Int

        public init(waiting: Int = 0, failing: Int = 0) {
            self.waiting = waiting
            self.failing = failing
        }
    }

    /// Counts only: who bounced is in the forum's view, what was quarantined in `/v1/inbox`.
    public struct InboxStatus: Codable, Hashable, Sendable {
        /// Messages in quarantine now (not purged).
        public var quarantined: Int
        /// Messages from forums that need a person, received in the last 30 days.
        public var needsPerson: Int
        /// Contacts in the configuration whose address a delivery report said failed.
        public var bouncingContacts: Int

        public init(quarantined: Int = 0, needsPerson: Int = 0, bouncingContacts: Int = 0) {
            self.quarantined = quarantined
            self.needsPerson = needsPerson
            self.bouncingContacts = bouncingContacts
        }

        enum CodingKeys: String, CodingKey {
            case quarantined
            case needsPerson = "needs_person"
            case bouncingContacts = "bouncing_contacts"
        }
    }

    /// The earliest planned notification.
    public struct NextNotification: Codable, Hashable, Sendable {
        /// RFC 3339.
        public var due: String
        /// `invitation`, `reminder`, `chaser`, `update` or `cancellation`.
        public var kind: String
        /// How many forums it goes to.
        public var forums: Int

        public init(due: String, kind: String, forums: Int) {
            self.due = due
            self.kind = kind
            self.forums = forums
        }
    }
}

/// `GET /v1/config/files`: every file the configuration in force was read from, in the
/// order read (the main file first), with its digest and when it was loaded.
public struct ConfigFilesDocument: Codable, Hashable, Sendable {
    public var files: [String]
    public var digest: String
    public var loadedAt: String

    public init(files: [String], digest: String, loadedAt: String) {
        self.files = files
        self.digest = digest
        self.loadedAt = loadedAt
    }

    enum CodingKeys: String, CodingKey {
        case files, digest
        case loadedAt = "loaded_at"
    }
}

/// `POST /v1/reload`: the outcome of reading the configuration again.
public struct ReloadDocument: Codable, Hashable, Sendable {
    /// Whether the new configuration now runs; when false the old one still does.
    public var reloaded: Bool
    /// `FILE:LINE:COLUMN: error: KEY: message` lines.
    public var errors: [String]
    public var warnings: [String]

    public init(reloaded: Bool, errors: [String], warnings: [String]) {
        self.reloaded = reloaded
        self.errors = errors
        self.warnings = warnings
    }
}

/// Every error response: `{"error":{"code":"…","message":"…"}}`.
public struct ErrorDocument: Codable, Hashable, Sendable {
    public var error: Body

    public init(code: ErrorCode, message: String) {
        error = Body(code: code.rawValue, message: message)
    }

    public struct Body: Codable, Hashable, Sendable {
        public var code: String
        public var message: String
    }
}

/// Stable error codes; only ever added.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case forbidden
    case notFound = "not_found"
    case clash
    case tooLarge = "too_large"
    case configInvalid = "config_invalid"
    case internalError = "internal"
}

/// A request the daemon refused, with the stable code the client maps to an exit status.
public struct ControlFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
