import ConveneConfig
import ConveneCore
import ConveneDelivery
import ConveneProtocol
import ConveneServer
import ConveneStore
import Synchronization

/// The daemon as every read sees it: published whole after anything that can change an
/// answer (a configuration, a coordinator's change, a batch of deliveries, a change of
/// state), never edited. Reads take the newest one and never wait for the actor, which
/// is for changes only.
///
/// Each answer is worked out and encoded once and kept with the snapshot; answers that
/// depend only on the schedule are handed on to the next snapshot while the schedule
/// source is the same, and answers from the ledger while no delivery has been made.
final class Snapshot: Sendable {
    /// The schedule in force.
    let source: ScheduleSource
    /// Where the configuration came from, and when.
    let loaded: Daemon.Loaded
    /// `GET /v1/status`, as the actor last saw it.
    let status: StatusDocument
    /// Each forum's secret feed token, and the forum each token opens.
    let feeds: FeedTokens
    /// Counts the ledger's changes: notifications written, feeds' sequences.
    let ledgerVersion: Int
    let store: Store
    let clock: @Sendable () -> Int
    /// Answers worked out from the schedule alone, and from the ledger too.
    let scheduleAnswers: AnswerCache
    let ledgerAnswers: AnswerCache
    /// The status answer, encoded as the snapshot is made.
    let statusAnswer: ReadAnswer
    /// When each forum's contacts' addresses last bounced (forum → address → instant).
    let bounced: [String: [String: Int]]

    init(
        source: ScheduleSource, loaded: Daemon.Loaded, status: StatusDocument, feeds: FeedTokens, ledgerVersion: Int,
        store: Store, clock: @escaping @Sendable () -> Int, previous: Snapshot?, bounced: [String: [String: Int]] = [:]
    ) {
        self.bounced = bounced
        self.source = source
        self.loaded = loaded
        self.status = status
        self.feeds = feeds
        self.ledgerVersion = ledgerVersion
        self.store = store
        self.clock = clock
        let sameSchedule = previous?.source === source
        scheduleAnswers = sameSchedule ? previous!.scheduleAnswers : AnswerCache()
        ledgerAnswers =
            sameSchedule && previous?.ledgerVersion == ledgerVersion && previous?.feeds == feeds
            ? previous!.ledgerAnswers : AnswerCache()
        statusAnswer = .document(status)
    }

    var configuration: Configuration { source.configuration }
}

/// Each forum's feed token (forum → token) and the way back.
struct FeedTokens: Equatable, Sendable {
    let byForum: [String: String]
    let forumByToken: [String: String]

    init(_ byForum: [String: String]) {
        self.byForum = byForum
        forumByToken = Dictionary(byForum.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Encoded answers by what they answer. Bounded by count and by bytes: a snapshot that
/// is asked many different questions (a national county's every forum, month and page)
/// starts again rather than grow.
final class AnswerCache: Sendable {
    /// A read with everything relative resolved ("next month" as its days, "today"
    /// for a feed), so an answer is never served past the day it was true.
    struct Key: Hashable, Sendable {
        let request: ReadRequest
        let at: Int
    }

    static let limit = 512
    /// About twenty-five national month pages (a whole month is ten), or a county's every
    /// forum's feed for a day.
    static let byteLimit = 8 << 20
    private let answers = Mutex<(kept: [Key: ReadAnswer], bytes: Int)>(([:], 0))

    /// The kept answer for `key`, or `make()`'s, kept unless it is a refusal; nil when
    /// nothing is kept and `making` is false.
    func answer(_ key: Key, making: Bool, _ make: () -> ReadAnswer) -> ReadAnswer? {
        if let kept = answers.withLock({ $0.kept[key] }) { return kept }
        guard making else { return nil }
        let answer = make()
        guard answer.failure == nil else { return answer }
        let size = answer.body.readableBytes
        answers.withLock { answers in
            if answers.kept.count >= Self.limit || answers.bytes + size > Self.byteLimit {
                answers = ([:], 0)
            }
            if answers.kept.updateValue(answer, forKey: key) == nil { answers.bytes += size }
        }
        return answer
    }
}

/// Where the newest snapshot is published; reads take it with one short lock.
final class SnapshotBoard: Sendable {
    private let current: Mutex<Snapshot>

    init(_ first: Snapshot) {
        current = Mutex(first)
    }

    var snapshot: Snapshot { current.withLock { $0 } }

    func publish(_ snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
    }
}
