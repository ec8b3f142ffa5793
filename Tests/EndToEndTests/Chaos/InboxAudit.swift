import ConveneCore
import ConveneStore
import Foundation
import Testing

/// What a quiet daemon's inbox and ledger hold: where each delivered file ended, and what
/// was recorded, leaving out the times (they differ from one run to the next).
struct InboxAudit {
    /// An `inbound` row without its time of receipt.
    struct Inbound: Hashable {
        let messageID: String?
        let digest: String
        let fileName: String
        let outcome: String
        let reason: String?
        let forum: String?
        let occurrence: String?
    }

    /// An `answer` row without its time.
    struct Recorded: Hashable {
        let forum: String
        let occurrence: String
        let sequence: Int
        let answer: Answer
        let reason: String?
        let by: String
        let via: String
    }

    static let folders = ["new", "tmp", "cur", ".Quarantine/new", ".Quarantine/tmp", ".Quarantine/cur"]

    /// The folders each file is in, by the name it was delivered under (without `:2,…`).
    let places: [String: [String]]
    /// The inbox record, newest first.
    let inbound: [Inbound]
    /// Every answer, in the ledger's order (oldest first).
    let answers: [Recorded]
    /// Each forum's current answer to each meeting it was asked about (occurrence → forum
    /// → answer): its latest, as the next message about the meeting shows it.
    let current: [String: [String: Answer]]

    init(inbox: String, ledger: String, asked: [(forum: String, occurrence: String, sequence: Int)]) throws {
        var places: [String: [String]] = [:]
        for folder in Self.folders {
            for file in try FileManager.default.contentsOfDirectory(atPath: inbox + "/" + folder) {
                let name = file.split(separator: ":", maxSplits: 1).first.map(String.init) ?? file
                places[name, default: []].append(folder)
            }
        }
        self.places = places
        let store = try Store.open(path: ledger)
        inbound = try store.inbound().map {
            Inbound(
                messageID: $0.messageID, digest: $0.digest, fileName: $0.fileName, outcome: $0.outcome.rawValue,
                reason: $0.reason, forum: $0.forum, occurrence: $0.occurrence)
        }
        answers = try store.answers().map {
            Recorded(
                forum: $0.forum, occurrence: $0.occurrence, sequence: $0.sequence, answer: $0.answer, reason: $0.reason,
                by: $0.by, via: $0.via)
        }
        current = try store.currentAnswers(asked)
    }

    /// How many files are in the quarantine.
    var quarantined: Int { places.values.count { $0 == [".Quarantine/cur"] } }

    /// Every one of `names` is in exactly one place: the quarantine's `cur/` when
    /// `quarantined` says so, else `cur/`; nothing is left in `new/` or a `tmp/`, and no
    /// file is there that was not delivered.
    func expectFiled(
        _ names: [String], quarantined: (Int) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var misplaced: [String] = []
        for (index, name) in names.enumerated() {
            let expected = quarantined(index) ? ".Quarantine/cur" : "cur"
            if places[name] != [expected] { misplaced.append("\(name): \(places[name] ?? []), not \(expected)") }
        }
        let strangers = Set(places.keys).subtracting(names)
        #expect(misplaced.isEmpty, "\(misplaced.count) misplaced: \(misplaced.prefix(5))", sourceLocation: sourceLocation)
        #expect(strangers.isEmpty, "files never delivered: \(strangers.sorted().prefix(5))", sourceLocation: sourceLocation)
    }

    /// The same files in the same places, the same record and the same answers as `clean`,
    /// a run without kills over the same messages. Messages are read in the order they
    /// came in (Maildir names sort by time), killed or not, so even the history of answers
    /// must match row for row, and with it each forum's current answer, its latest.
    func expectSame(as clean: InboxAudit, sourceLocation: SourceLocation = #_sourceLocation) {
        let moved = Set(places.keys).union(clean.places.keys).filter { places[$0] != clean.places[$0] }.sorted()
        #expect(moved.isEmpty, "\(moved.count) filed elsewhere: \(moved.prefix(5))", sourceLocation: sourceLocation)
        if let difference = Self.firstDifference(inbound, clean.inbound) {
            Issue.record("the inbox record differs: \(difference)", sourceLocation: sourceLocation)
        }
        if let difference = Self.firstDifference(answers, clean.answers) {
            Issue.record("the answers differ: \(difference)", sourceLocation: sourceLocation)
        }
        func flat(_ current: [String: [String: Answer]]) -> Set<String> {
            Set(current.flatMap { occurrence, forums in forums.map { "\($0.key) \(occurrence): \($0.value)" } })
        }
        let changed = flat(current).symmetricDifference(flat(clean.current)).sorted()
        #expect(changed.isEmpty, "current answers differ: \(changed.prefix(6))", sourceLocation: sourceLocation)
    }

    /// Nil when the lists are equal; else where they first differ.
    static func firstDifference<T: Equatable>(_ left: [T], _ right: [T]) -> String? {
        if let index = left.indices.first(where: { $0 < right.count && left[$0] != right[$0] }) {
            return "row \(index): \(left[index]), against \(right[index])"
        }
        return left.count == right.count ? nil : "\(left.count) rows, against \(right.count)"
    }
}
