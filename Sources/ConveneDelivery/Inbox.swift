import ConveneCore
import ConveneInbox
import ConveneProtocol
import ConveneSpool
import ConveneStore
import FoundationEssentials
import Glibc

/// The daemon's inbox: a Maildir the MTA delivers the reply address into, with a
/// Maildir++ `.Quarantine` beside it. Each message in `new/` is read, matched and recorded
/// in the ledger, and only then moved: to `cur/`, or to `.Quarantine/cur/` when it is not
/// trusted. A crash between the two leaves it in `new/`, and the next pass finds it already
/// recorded and only moves it, so every message ends in exactly one place, once.
///
/// No header ever becomes a path: a message keeps the name the MTA gave it in `new/`.
public struct Inbox: Sendable {
    public let root: String
    let store: Store
    let limits: InboundLimits

    /// What became of one message.
    public struct Handled: Sendable, Equatable {
        public let name: String
        /// Nil when it was already recorded (a crash came between record and move) and
        /// was only moved now.
        public let outcome: InboxOutcome?
    }

    public init(root: String, store: Store, limits: InboundLimits = InboundLimits()) {
        self.root = root
        self.store = store
        self.limits = limits
    }

    /// Makes the Maildir and its quarantine, mode 0700: parents' reasons are personal
    /// data, and the daemon's own group is the one that reads the spool.
    public func prepare() throws {
        for folder in ["", "/tmp", "/new", "/cur", "/.Quarantine", "/.Quarantine/tmp", "/.Quarantine/new", "/.Quarantine/cur"] {
            let path = root + folder
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                throw InboxError.folder(path, String(cString: strerror(errno)))
            }
            // Whatever the umask, and for folders made before by someone else's rules.
            if chmod(path, 0o700) != 0 { throw InboxError.folder(path, String(cString: strerror(errno))) }
        }
    }

    /// Every message now in `new/`, oldest name first (Maildir names start with the time).
    public func waiting() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root + "/new") else {
            throw InboxError.folder(root + "/new", "cannot be read")
        }
        return names.filter { !$0.hasPrefix(".") && !$0.utf8.contains(UInt8(ascii: "/")) }.sorted()
    }

    /// The matcher for `configuration`, against this inbox's ledger: made once per pass.
    public func matcher(for configuration: Configuration) -> InboxMatcher {
        InboxMatcher(configuration: configuration, ledger: StoreInboxLedger(store: store))
    }

    /// Reads, matches, records and moves the message `name` in `new/`.
    public func handle(_ name: String, configuration: Configuration, now: Int) throws -> Handled {
        try handle(name, matcher: matcher(for: configuration), now: now)
    }

    /// The same with a matcher made already (every message of a pass shares one).
    public func handle(_ name: String, matcher: InboxMatcher, now: Int) throws -> Handled {
        let path = root + "/new/" + name
        let bytes = try Self.contents(path, limit: limits.bytes)
        let digest = Self.digest(bytes, name: name)
        let outcome: InboxOutcome
        var messageID: String?
        var sender: String?
        switch bytes {
        case .tooLarge:
            outcome = .quarantine(InboundProblem.tooLarge(limit: limits.bytes).description)
        case .refused(let why):
            outcome = .quarantine(why)
        case .bytes(let bytes):
            do {
                let message = try InboundMessage.read(bytes, limits: limits)
                messageID = message.messageID
                sender = message.from
                if let recorded = try store.inboundOutcome(messageID: messageID, digest: digest) {
                    try move(name, quarantined: recorded == .quarantine)
                    return Handled(name: name, outcome: nil)
                }
                outcome = try matcher.outcome(of: message)
            } catch let problem as InboundProblem {
                outcome = .quarantine(problem.description)
            }
        }
        let entry = Self.entry(outcome, messageID: messageID, sender: sender, digest: digest, name: name, now: now)
        let answer: AnswerEntry? =
            switch outcome {
            case .answer(let answer), .staleAnswer(let answer):
                AnswerEntry(
                    forum: answer.forum, occurrence: answer.occurrence, sequence: answer.sequence, answer: answer.answer,
                    reason: answer.reason, by: answer.by, via: answer.via.rawValue, answeredAt: now)
            default: nil
            }
        let bounces: [BouncedAddress] =
            if case .bounce(let contacts) = outcome {
                contacts.map { BouncedAddress(forum: $0.forum, address: $0.address, bouncedAt: now) }
            } else { [] }
        try store.record(entry, answer: answer, bounces: bounces)
        if case .quarantine = outcome { try move(name, quarantined: true) } else { try move(name, quarantined: false) }
        return Handled(name: name, outcome: outcome)
    }

    static func entry(
        _ outcome: InboxOutcome, messageID: String?, sender: String?, digest: String, name: String, now: Int
    ) -> InboundEntry {
        func make(_ kind: InboundEntry.Outcome, reason: String? = nil, forum: String? = nil, occurrence: String? = nil)
            -> InboundEntry
        {
            InboundEntry(
                messageID: messageID, digest: digest, fileName: name, receivedAt: now, outcome: kind, reason: reason,
                forum: forum, occurrence: occurrence, sender: sender)
        }
        switch outcome {
        case .answer(let answer): return make(.answer, forum: answer.forum, occurrence: answer.occurrence)
        case .staleAnswer(let answer): return make(.staleAnswer, forum: answer.forum, occurrence: answer.occurrence)
        case .autoReply(let forum): return make(.autoReply, forum: forum)
        case .bounce(let contacts): return make(.bounce, forum: contacts.first?.forum)
        case .needsPerson(let forum, let why): return make(.needsPerson, reason: why, forum: forum)
        case .quarantine(let why): return make(.quarantine, reason: why)
        }
    }

    /// What came of forwarding one message that needs a person.
    public struct Forwarded: Sendable, Equatable {
        public let file: String
        public let forum: String?
        /// Nil when the MTA took it; else why not (it is tried again later).
        public let failure: String?
    }

    /// Forwards each message that needs a person, received in the last 14 days and not yet
    /// forwarded, to `to` through `sendmail`; each is recorded as forwarded only after the
    /// MTA took it (a stop in between forwards it again, with the same Message-ID).
    public func forwardWaiting(configuration: Configuration, sendmail: Sendmail, to: String, now: Int) throws -> [Forwarded] {
        let renderer = ForwardedMessage(configuration: configuration)
        var done: [Forwarded] = []
        for pending in try store.pendingForwards(since: now - 14 * 86_400) {
            guard let path = locate(pending.fileName, quarantined: false),
                case let contents = try Self.contents(path, limit: limits.bytes), case .bytes(let bytes) = contents
            else {
                // Gone (purged, erased) or not a message: nothing to forward, ever.
                let why = "the message is no longer in the inbox"
                try store.recordForward(pending.id, at: now, error: why)
                done.append(Forwarded(file: pending.fileName, forum: pending.forum, failure: nil))
                continue
            }
            let message = try? InboundMessage.read(bytes, limits: limits)
            let forum =
                pending.forum.flatMap(configuration.forum)
                ?? Forum(id: pending.forum ?? "", name: "a forum", district: "", contacts: [], availability: [])
            let forwarded = renderer.render(
                bytes, forum: forum, sender: message?.from, subject: message?.subject,
                why: pending.reason ?? "it is not an answer", receivedAt: pending.receivedAt, to: to,
                key: Self.digest(contents, name: pending.fileName))
            do {
                try sendmail.send(forwarded, from: configuration.organisation.organiser.email, to: [to])
                try store.recordForward(pending.id, at: now, error: nil)
                done.append(Forwarded(file: pending.fileName, forum: pending.forum, failure: nil))
            } catch let failure as Sendmail.Failure {
                try store.recordForward(pending.id, at: nil, error: failure.description)
                done.append(Forwarded(file: pending.fileName, forum: pending.forum, failure: failure.description))
                // A sendmail that hangs or cannot start fails the rest alike: try later.
                if failure.stopsTheBatch { break }
            }
        }
        return done
    }

    private func waitingPath(_ name: String) -> String? {
        let path = root + "/new/" + name
        return access(path, F_OK) == 0 ? path : nil
    }

    /// Where the message that arrived as `name` is now: `cur/name:2,` as filed, or with a
    /// mail reader's flags added (`:2,S`); nil when it is gone.
    public func locate(_ name: String, quarantined: Bool) -> String? {
        let filed = filed(name, quarantined: quarantined)
        if access(filed, F_OK) == 0 { return filed }
        let folder = root + (quarantined ? "/.Quarantine/cur/" : "/cur/")
        let base = name.firstRange(of: ":2,").map { String(name[..<$0.lowerBound]) } ?? name
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.first { $0.hasPrefix(base + ":2,") }.map { folder + $0 }
    }

    /// Where the message that arrived as `name` is kept once filed.
    public func filed(_ name: String, quarantined: Bool) -> String {
        (quarantined ? root + "/.Quarantine/cur/" : root + "/cur/") + name + (name.firstRange(of: ":2,") == nil ? ":2," : "")
    }

    /// Removes a filed message (a coordinator's purge or erasure); one already gone is fine,
    /// and one recorded but not yet moved out of `new/` goes from there.
    public func remove(_ name: String, quarantined: Bool) throws {
        guard let path = locate(name, quarantined: quarantined) ?? waitingPath(name) else { return }
        guard unlink(path) == 0 || errno == ENOENT else { throw InboxError.folder(path, String(cString: strerror(errno))) }
    }

    /// Moves `name` from `new/` to `cur/` (seen: `:2,S`) or to the quarantine's `cur/`.
    func move(_ name: String, quarantined: Bool) throws {
        let target = filed(name, quarantined: quarantined)
        guard rename(root + "/new/" + name, target) == 0 else {
            throw InboxError.folder(target, String(cString: strerror(errno)))
        }
    }

    enum Contents {
        case bytes([UInt8])
        case tooLarge
        /// Not a message file the daemon can read (a link, a pipe, a folder, a file it
        /// may not open): quarantined, so that it never holds up the messages after it.
        case refused(String)
    }

    /// The file's bytes, unless it is larger than `limit` (then it is not read at all).
    static func contents(_ path: String, limit: Int) throws -> Contents {
        // O_NONBLOCK: a named pipe put in new/ must not hang the pass in open().
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ELOOP: return .refused("it is a symbolic link, not a message")
            case EACCES, EPERM: return .refused("the daemon is not allowed to read it (its permissions)")
            case ENOENT, EMFILE, ENFILE, ENOMEM, EINTR: throw InboxError.folder(path, String(cString: strerror(errno)))
            // A socket or a device (ENXIO, ENODEV …): not a message, whatever it is.
            default: return .refused("it cannot be opened as a file (\(String(cString: strerror(errno))))")
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw InboxError.folder(path, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .refused("it is not a regular file") }
        guard info.st_size <= limit else { return .tooLarge }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            offset += count
        }
        return .bytes(Array(bytes[..<offset]))
    }

    /// FNV-1a (64 bits) and the length: enough, with the Message-ID, to know the same bytes again.
    static func digest(_ contents: Contents, name: String) -> String {
        guard case .bytes(let bytes) = contents else { return "unread-" + name }
        return String(Fingerprint.fnv1a(bytes), radix: 16) + "-" + String(bytes.count)
    }
}

/// The ledger as the matcher asks it.
struct StoreInboxLedger: InboxLedger {
    let store: Store

    func latestSequence(forum: String, occurrence: String) throws -> Int? {
        try store.latestSequence(forum: forum, occurrence: occurrence)
    }

    func sent(notification id: String) throws -> (forum: String, occurrence: String, sequence: Int)? {
        try store.sentNotification(id: id)
    }

    func meetingsTold(forum: String) throws -> [ToldMeeting] {
        try store.meetingsTold(forum: forum).map {
            ToldMeeting(occurrence: $0.occurrence, title: $0.title, start: $0.start, sequence: $0.sequence)
        }
    }
}

public enum InboxError: Error, CustomStringConvertible {
    case folder(String, String)

    public var description: String {
        switch self {
        case .folder(let path, let reason): "\(path): \(reason)"
        }
    }
}
