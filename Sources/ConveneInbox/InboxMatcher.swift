import ConveneCore

/// What the inbox matches messages against: the forums' contacts and what each forum
/// was told. The daemon answers from the ledger and the configuration; tests from tables.
public protocol InboxLedger: Sendable {
    /// The latest SEQUENCE `forum` was sent for `occurrence` (a cancellation included);
    /// nil if it was never told of it.
    func latestSequence(forum: String, occurrence: String) throws -> Int?
    /// The forum, occurrence and SEQUENCE of a message the daemon sent, by its
    /// notification id.
    func sent(notification id: String) throws -> (forum: String, occurrence: String, sequence: Int)?
    /// Every meeting `forum` was told of, with its title and start as last told.
    func meetingsTold(forum: String) throws -> [ToldMeeting]
}

/// A forum's answer, as the inbox (or a coordinator) records it.
public struct ForumAnswer: Sendable, Equatable {
    public enum Via: String, Sendable {
        case calendar, mail, coordinator
    }

    public let forum: String
    public let occurrence: String
    public let sequence: Int
    public let answer: Answer
    public let reason: String?
    /// The contact who answered (lower-cased address), or the coordinator.
    public let by: String
    public let via: Via

    public init(forum: String, occurrence: String, sequence: Int, answer: Answer, reason: String?, by: String, via: Via) {
        self.forum = forum
        self.occurrence = occurrence
        self.sequence = sequence
        self.answer = answer
        self.reason = reason
        self.by = by
        self.via = via
    }
}

/// Where an inbound message ends, and why.
public enum InboxOutcome: Sendable, Equatable {
    /// An answer to the meeting as the forum was last told of it.
    case answer(ForumAnswer)
    /// An answer to an earlier version of the meeting (an older SEQUENCE): kept as history.
    case staleAnswer(ForumAnswer)
    case autoReply(forum: String?)
    /// These forums' contacts' addresses failed.
    case bounce([BouncedContact])
    /// From a forum's contact, but not an answer the inbox can apply: a person reads it.
    case needsPerson(forum: String, why: String)
    /// Untrusted or unreadable: kept apart, with the reason, for a coordinator.
    case quarantine(String)
}

public struct BouncedContact: Sendable, Equatable {
    public let forum: String
    public let address: String

    public init(forum: String, address: String) {
        self.forum = forum
        self.address = address
    }
}

/// Matches a message read from the inbox to a forum and a meeting, and decides whether to
/// trust it. Pure: the configuration and the ledger come in, an outcome goes out.
public struct InboxMatcher: Sendable {
    /// Contact address (lower-cased) → the forums it is a contact of.
    let forumsByAddress: [String: [String]]
    let ledger: any InboxLedger
    let zone: ZoneRules

    public init(configuration: Configuration, ledger: any InboxLedger) {
        var forums: [String: [String]] = [:]
        for forum in configuration.forums {
            for contact in forum.contacts { forums[contact.email.lowercased(), default: []].append(forum.id) }
        }
        forumsByAddress = forums
        self.ledger = ledger
        zone = configuration.organisation.timeZone
    }

    /// Throws only what the ledger throws (it could not be read): the message then waits.
    public func outcome(of message: InboundMessage) throws -> InboxOutcome {
        switch message.reading {
        case .bounce(let recipients):
            return .bounce(
                recipients.flatMap { address in
                    (forumsByAddress[address] ?? []).map { BouncedContact(forum: $0, address: address) }
                })
        case .autoReply:
            return .autoReply(forum: message.from.flatMap { forumsByAddress[$0]?.first })
        default:
            break
        }
        guard let from = message.from, let senderForums = forumsByAddress[from] else {
            return .quarantine("the sender is not a contact of any forum")
        }
        switch message.reading {
        case .calendarReply(let reply):
            return try outcome(of: reply, from: from, senderForums: senderForums)
        case .textReply(let answer, let reason):
            guard let (forum, occurrence, sequence) = try answered(message, senderForums: senderForums) else {
                return .needsPerson(forum: senderForums[0], why: "an answer that does not say which meeting it is for")
            }
            return try judged(
                ForumAnswer(
                    forum: forum, occurrence: occurrence, sequence: sequence, answer: answer,
                    reason: Self.cleaned(reason), by: from, via: .mail))
        default:
            return .needsPerson(forum: senderForums[0], why: "a message that is not an answer")
        }
    }

    private func outcome(of reply: CalendarReply, from: String, senderForums: [String]) throws -> InboxOutcome {
        guard let attendee = reply.attendees.first(where: { $0.address == from }) ?? reply.attendees.first else {
            return .quarantine("a calendar answer that names nobody (no ATTENDEE)")
        }
        let attendeeForums = forumsByAddress[attendee.address] ?? []
        let forums = senderForums.filter { attendeeForums.contains($0) }
        guard !forums.isEmpty else {
            return .quarantine(
                attendeeForums.isEmpty
                    ? "a calendar answer for someone who is not a contact of any forum"
                    : "the sender and the person answering are contacts of different forums")
        }
        let told = try forums.filter { try ledger.latestSequence(forum: $0, occurrence: reply.uid) != nil }
        guard let forum = told.first else {
            return .quarantine("an answer about a meeting the sender's forum was not invited to")
        }
        guard let answer = attendee.answer else {
            return .needsPerson(forum: forum, why: "a calendar answer of \(attendee.partStat), not yes, no or maybe")
        }
        return try judged(
            ForumAnswer(
                forum: forum, occurrence: reply.uid, sequence: reply.sequence, answer: answer,
                reason: Self.cleaned(reply.comment ?? attendee.note), by: from, via: .calendar))
    }

    /// The longest reason kept, in characters.
    public static let reasonLimit = 1000

    /// A reason as coordinators' terminals and spreadsheets may show it: no control
    /// characters (escape sequences from a hostile sender) but line breaks, trimmed, at
    /// most `reasonLimit` characters; nil when nothing is left.
    static func cleaned(_ reason: String?) -> String? {
        guard let reason else { return nil }
        var text = String(
            String.UnicodeScalarView(
                reason.unicodeScalars.compactMap { scalar in
                    if scalar == "\n" { return scalar }
                    if scalar == "\t" { return " " }
                    return scalar.properties.generalCategory == .control
                        || scalar.properties.generalCategory == .format
                            && scalar.value != 0x200D
                        ? nil : scalar
                }))
        text = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }.joined(separator: "\n")
            .trimmingSpacesAndNewlines()
        guard !text.isEmpty else { return nil }
        return text.count > reasonLimit ? String(text.prefix(reasonLimit - 1)) + "…" : text
    }

    /// An answer to the meeting as last told counts; one to an earlier version is history.
    private func judged(_ answer: ForumAnswer) throws -> InboxOutcome {
        let latest = try ledger.latestSequence(forum: answer.forum, occurrence: answer.occurrence) ?? 0
        return answer.sequence < latest ? .staleAnswer(answer) : .answer(answer)
    }

    /// The meeting a typed reply answers: the message it replies to, when that is one the
    /// daemon sent to one of the sender's forums (`<notification-id.forum@domain>`); else
    /// the one meeting told to the sender's forums whose title and date the subject names.
    private func answered(_ message: InboundMessage, senderForums: [String]) throws -> (String, String, Int)? {
        if let replied = try replied(message, senderForums: senderForums) { return replied }
        guard let subject = message.subject else { return nil }
        var found: [(String, ToldMeeting)] = []
        for forum in senderForums {
            if let meeting = SubjectMatch.meeting(in: subject, among: try ledger.meetingsTold(forum: forum), zone: zone) {
                found.append((forum, meeting))
            }
        }
        guard found.count == 1 else { return nil }
        return (found[0].0, found[0].1.occurrence, found[0].1.sequence)
    }

    private func replied(_ message: InboundMessage, senderForums: [String]) throws -> (String, String, Int)? {
        for id in message.answering {
            guard let at = id.firstIndex(of: "@"), let dot = id[..<at].firstIndex(of: ".") else { continue }
            let notification = String(id[..<dot])
            guard let sent = try ledger.sent(notification: notification), senderForums.contains(sent.forum),
                String(id[id.index(after: dot)..<at]) == sent.forum
            else { continue }
            return (sent.forum, sent.occurrence, sent.sequence)
        }
        return nil
    }
}
