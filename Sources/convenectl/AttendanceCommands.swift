import ArgumentParser
import ConveneCore
import ConveneProtocol

/// `convenectl attendance`: who is coming to each meeting, who sent apologies and why.
struct AttendanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance", abstract: "Show who is coming to each meeting, with apologies and their reasons.",
        discussion: """
            Without --month or --from/--to: this month's meetings. Reasons are shown to root
            and the admin group only; others see the counts.

            EXAMPLES:
              convenectl attendance --month 2027-03
              convenectl attendance --forum chloes-circle --from 2027-01-01 --to 2027-12-31
              convenectl attendance --month 2027-03 --csv > march.csv
            """)

    @Option(help: ArgumentHelp("One month.", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("The first day.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("The last day.", valueName: "YYYY-MM-DD")) var to: String?
    @Option(help: "Only this forum: its record of invited, answered, coming and came.") var forum: String?
    @Flag(help: "Print one line per answer as CSV.") var csv = false
    @OptionGroup var socket: SocketOptions

    func validate() throws {
        do {
            _ = try AttendanceQuery.parse(month: month, from: from, to: to, forum: forum)
        } catch {
            throw ValidationError(error.message)
        }
        if csv && socket.json { throw ValidationError("give --json or --csv, not both") }
    }

    func run() throws {
        let query = try AttendanceQuery.parse(month: month, from: from, to: to, forum: forum)
        let (document, raw) = try socket.call(
            "GET", ControlRoute.attendance.target(query: query.query), as: AttendanceDocument.self)
        if socket.json { return socket.printJSON(raw) }
        print(csv ? Self.csv(document) : Self.text(document), terminator: "")
    }

    /// Each meeting: its counts, then the apologies and maybes with their reasons, and who
    /// has not answered; the period's totals last.
    static func text(_ document: AttendanceDocument) -> String {
        var out = ""
        for meeting in document.meetings {
            out += "\(meeting.title), \(meeting.start.prefix(16).replacing("T", with: " "))  (\(meeting.uid))\n"
            out += "  " + counts(meeting.counts) + "\n"
            let current = meeting.answers.filter(\.current)
            for word in [AttendanceDocument.Word.declined, .tentative] {
                for entry in current where entry.answer == word {
                    out += "  \(word.spoken): \(entry.forum)" + (entry.reason.map { ": \($0)" } ?? "") + "\n"
                }
            }
            let silent = current.filter { $0.answer == .noAnswer }.map(\.forum)
            if !silent.isEmpty { out += "  no answer: " + silent.joined(separator: ", ") + "\n" }
            if let attended = meeting.attended {
                out += "  came: " + (attended.came.isEmpty ? "none" : attended.came.joined(separator: ", ")) + "\n"
                if !attended.apologies.isEmpty {
                    out += "  apologies on the day: " + attended.apologies.joined(separator: ", ") + "\n"
                }
            }
        }
        let totals = document.totals
        if document.meetings.isEmpty { out += "No meetings in this period.\n" }
        out +=
            "Totals: \(totals.meetings) meeting\(totals.meetings == 1 ? "" : "s"), \(totals.invited) invitations: "
            + counts(
                .init(
                    accepted: totals.accepted, declined: totals.declined, tentative: totals.tentative,
                    noAnswer: totals.noAnswer))
            + (totals.came + totals.apologies > 0 ? "; came \(totals.came), apologies on the day \(totals.apologies)" : "")
            + "\n"
        if let record = document.forum {
            out +=
                "\(record.forum): invited to \(record.invited), answered \(record.answered), "
                + "coming to \(record.coming), came to \(record.came)\n"
        }
        if !document.reasonsShown { out += "(Reasons are shown to the admin group only.)\n" }
        return out
    }

    static func counts(_ counts: AttendanceDocument.Counts) -> String {
        "\(counts.accepted) coming, \(counts.declined) apologies, \(counts.tentative) maybe, \(counts.noAnswer) no answer"
    }

    /// One row per answer, current and earlier (RFC 4180).
    static func csv(_ document: AttendanceDocument) -> String {
        var out = "uid,title,start,forum,answer,reason,answered_at,via,sequence,current\r\n"
        for meeting in document.meetings {
            for entry in meeting.answers {
                let fields = [
                    meeting.uid, meeting.title, meeting.start, entry.forum, entry.answer.rawValue, entry.reason ?? "",
                    entry.answeredAt ?? "", entry.via ?? "", entry.sequence.map(String.init) ?? "",
                    entry.current ? "true" : "false",
                ]
                out += fields.map(csvField).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        // A leading = + - @ would be a formula in a spreadsheet: quoted with a ' first.
        let safe = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || safe != text else { return safe }
        // Every quote doubled, scalar by scalar (one a combining mark follows too).
        var quoted = "\""
        for scalar in safe.unicodeScalars {
            quoted.unicodeScalars.append(scalar)
            if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }
}

/// `convenectl answer`: an answer a coordinator took by phone or in person.
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer", abstract: "Record a forum's answer taken by phone or in person.",
        discussion: """
            EXAMPLES:
              convenectl answer stakeholder-forum-20270309@example.org --forum chloes-circle \\
                  --not-coming --reason "Our coordinator is in hospital"
            """)

    enum Reply: String, EnumerableFlag {
        case coming, notComing, maybe

        static func name(for value: Reply) -> NameSpecification {
            switch value {
            case .coming: .customLong("coming")
            case .notComing: .customLong("not-coming")
            case .maybe: .customLong("maybe")
            }
        }
    }

    @Argument(help: "The occurrence's UID (see convenectl schedule).") var uid: String
    @Option(help: "The forum's id.") var forum: String
    @Flag(help: "The forum's answer.") var reply: Reply
    @Option(help: "Why, in the forum's words (kept as personal data).") var reason: String?
    @OptionGroup var socket: SocketOptions

    func run() throws {
        let word = ["coming": "accepted", "notComing": "declined", "maybe": "tentative"][reply.rawValue]!
        try socket.record(ControlRoute.answer.target(uid), AnswerRequest(forum: forum, answer: word, reason: reason))
    }
}

/// `convenectl attended`: after a meeting, which forums came.
struct AttendedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attended", abstract: "Record which forums came to a meeting, and which sent apologies.",
        discussion: """
            EXAMPLES:
              convenectl attended stakeholder-forum-20270309@example.org \\
                  --forums chloes-circle,redditch-send-parents --apologies wyre-forest-parents
            """)

    @Argument(help: "The occurrence's UID.") var uid: String
    @Option(help: ArgumentHelp("The forums that came, by id, separated by commas.", valueName: "a,b,c")) var forums: String
    @Option(help: ArgumentHelp("The forums that sent apologies.", valueName: "d,e")) var apologies: String?
    @Option(help: "A note kept with the record.") var reason: String?
    @OptionGroup var socket: SocketOptions

    func run() throws {
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        }
        try socket.record(
            ControlRoute.attended.target(uid), AttendedRequest(came: list(forums), apologies: list(apologies), reason: reason))
    }
}

/// `convenectl inbox`: what arrived and what became of it; purging old quarantine.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Show what arrived in the inbox and what became of it.",
        discussion: """
            EXAMPLES:
              convenectl inbox --quarantined
              convenectl inbox --needs-person
              convenectl inbox --purge --older-than P90D
            """)

    @Flag(help: "Only messages put in quarantine, with the reason.") var quarantined = false
    @Flag(name: .customLong("needs-person"), help: "Only messages from forums that need a person to read them.")
    var needsPerson = false
    @Flag(help: "Delete quarantined messages (their records stay); needs --older-than.") var purge = false
    @Option(name: .customLong("older-than"), help: ArgumentHelp("With --purge: how old.", valueName: "P90D"))
    var olderThan: String?
    @OptionGroup var socket: SocketOptions

    func validate() throws {
        if purge && olderThan == nil { throw ValidationError("--purge needs --older-than, such as P90D") }
        if !purge && olderThan != nil { throw ValidationError("--older-than goes with --purge") }
        if quarantined && needsPerson { throw ValidationError("give --quarantined or --needs-person, not both") }
    }

    func run() throws {
        if purge, let olderThan {
            return try socket.record(ControlRoute.purgeInbox.target(), PurgeRequest(olderThan: olderThan), saying: "")
        }
        let state = quarantined ? "quarantined" : needsPerson ? "needs-person" : nil
        let (document, raw) = try socket.call(
            "GET", ControlRoute.inbox.target(query: state.map { [("state", $0)] } ?? []), as: InboxDocument.self)
        if socket.json { return socket.printJSON(raw) }
        let table = TextTable(columns: ["RECEIVED", "OUTCOME", "FORUM", "REASON", "FILE"])
        for message in document.messages {
            table.add([
                String(message.receivedAt.prefix(16)), message.outcome, message.forum ?? "-", message.reason ?? "",
                message.file ?? "(purged)",
            ])
        }
        print(table.render(width: 120), terminator: "")
        let counts = document.counts
        print(
            "\(counts.answers) answers, \(counts.quarantined) quarantined, \(counts.needsPerson) need a person, "
                + "\(counts.autoReplies) automatic replies, \(counts.bounces) bounces")
    }
}

/// `convenectl forget`: erase one person's reasons and address (an erasure request).
struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget", abstract: "Erase one person's reasons and address from answers and the inbox.",
        discussion: """
            For a subject-access or erasure request: the answers stay (the forum's yes or no),
            without the reason or who gave it; the messages they came in are deleted. Audited.

            EXAMPLES:
              convenectl forget --contact parent@example.org
            """)

    @Option(help: "The person's email address.") var contact: String
    @OptionGroup var socket: SocketOptions

    func run() throws {
        try socket.record(ControlRoute.forget.target(), ForgetRequest(contact: contact), saying: "")
    }
}

extension SocketOptions {
    /// POSTs a coordinator's record and prints what the daemon did (or its JSON).
    func record(_ target: String, _ body: some Encodable, saying lead: String = "Recorded: ") throws {
        let (document, raw) = try call("POST", target, body: body, as: RecordedDocument.self)
        if json { return printJSON(raw) }
        print(lead + document.summary)
    }
}
