import ArgumentParser
import ConveneCore
import ConveneProtocol
import FoundationEssentials

/// `convenectl raise`: record what forums raised at a meeting ("You said").
struct RaiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise", abstract: "Record what forums raised at a meeting that has started.",
        discussion: """
            The item is kept in the co-production record with who recorded it and when, and
            is told to every forum in its monthly "You said, we did" digest. Give the
            council's response with `convenectl action`, and its progress with
            `convenectl update`. Only root and the admin group may.

            EXAMPLES:
              convenectl raise stakeholder-forum-20270309@example.org \\
                  --forums chloes-circle,wyreford-dads --title "Letters about transport arrive too late" \\
                  --text "Families hear about a new route the day before it starts."
            """)

    @Argument(help: "The meeting's occurrence UID (see convenectl schedule --json).") var uid: String
    @Option(help: ArgumentHelp("The forums that raised it, by id, separated by commas.", valueName: "a,b"))
    var forums: String
    @Option(help: "A short title, as forums will read it.") var title: String
    @Option(help: "More detail.") var text: String?
    @OptionGroup var socket: SocketOptions

    func run() throws {
        let forums = forums.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        try socket.item(
            ControlRoute.raiseItem.target(), RaiseRequest(occurrence: uid, forums: forums, title: title, text: text),
            saying: "Recorded item")
    }
}

/// `convenectl action`: who owns the council's response to an item, and by when.
struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: "Give an item an owner and a due date (the council's response).",
        discussion: """
            OWNER is an officer's id from the configuration ([[officer]]), who is reminded by
            mail a week before the due date and the day after it passes; or anyone's name,
            who is not reminded (the command says so). Giving an action again replaces the
            owner and date; the earlier one stays in the record.

            EXAMPLES:
              convenectl action 12 --owner send-lead --due 2027-04-30
              convenectl action 12 --owner "Transport team" --due 2027-05-15 --note "Asked for the timetable"
            """)

    @Argument(help: "The item's number (see convenectl items).") var item: Int
    @Option(help: "An officer's id, or a name.") var owner: String
    @Option(help: ArgumentHelp("The due date.", valueName: "YYYY-MM-DD")) var due: String
    @Option(help: "Progress, told to the forums in their digest.") var note: String?
    @OptionGroup var socket: SocketOptions

    func run() throws {
        try socket.item(
            ControlRoute.itemAction.target(String(item)), ActionRequest(owner: owner, due: due, note: note),
            saying: "Action recorded for item")
    }
}

/// `convenectl update`: an item's status, with why and what forums are told.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change an item's status: open, in_progress, done or wont_do.",
        discussion: """
            Any step forward is allowed. wont_do, any step back, and a change between done
            and wont_do need --reason, which is kept with the change. A --note is progress
            told to the forums in their next digest; with the status the item already has,
            the note alone is recorded.

            EXAMPLES:
              convenectl update 12 --status in_progress --note "Letters now go out three weeks ahead"
              convenectl update 12 --status done
              convenectl update 12 --status open --reason "Families say letters are still late"
            """)

    @Argument(help: "The item's number.") var item: Int
    @Option(help: ArgumentHelp("The new status.", valueName: "open|in_progress|done|wont_do")) var status: String
    @Option(help: "Why (needed for wont_do and any step back).") var reason: String?
    @Option(help: "Progress, told to the forums in their digest.") var note: String?
    @OptionGroup var socket: SocketOptions

    func validate() throws {
        guard ItemQuery.statuses.contains(status) else {
            throw ValidationError("--status: expected open, in_progress, done or wont_do, not \"\(status)\"")
        }
    }

    func run() throws {
        try socket.item(
            ControlRoute.itemStatus.target(String(item)), StatusRequest(status: status, reason: reason, note: note),
            saying: "Updated item")
    }
}

/// `convenectl items`: the co-production record.
struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items", abstract: "List what forums raised and what the council did (\"You said, we did\").",
        discussion: """
            EXAMPLES:
              convenectl items
              convenectl items --forum chloes-circle --status open
              convenectl items --overdue --csv > overdue.csv
            """)

    @Option(help: "Only items this forum raised.") var forum: String?
    @Option(help: ArgumentHelp("Only items with this status.", valueName: "open|in_progress|done|wont_do")) var status: String?
    @Flag(help: "Only unfinished items whose action is past its due date.") var overdue = false
    @Flag(help: "Print CSV (one row per item) instead of a table.") var csv = false
    @Flag(help: "Per forum: items raised, days to the first response, and how many were done by their due date.")
    var report = false
    @Option(help: ArgumentHelp("With --report: the first day items were raised.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("With --report: the last day.", valueName: "YYYY-MM-DD")) var to: String?
    @OptionGroup var socket: SocketOptions

    func validate() throws {
        if let status, !ItemQuery.statuses.contains(status) {
            throw ValidationError("--status: expected open, in_progress, done or wont_do, not \"\(status)\"")
        }
        if csv && socket.json { throw ValidationError("give --csv or --json, not both") }
        if !report && (from != nil || to != nil) { throw ValidationError("--from and --to go with --report") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, CivilDate(value) == nil { throw ValidationError("\(name): expected YYYY-MM-DD, not \"\(value)\"") }
        }
    }

    func run() throws {
        let query = ItemQuery(forum: forum, status: status, overdue: overdue)
        let (document, raw) = try socket.call("GET", ControlRoute.items.target(query: query.query()), as: ItemsDocument.self)
        if report {
            let today = ZoneRules.system.zoned(instant: Int(Date().timeIntervalSince1970)).local.date
            let figures = ItemsReport(
                document.items, from: from.flatMap(CivilDate.init) ?? CivilDate(year: 1, month: 1, day: 1)!,
                to: to.flatMap(CivilDate.init) ?? today, today: today)
            if socket.json { return try socket.printJSON(figures) }
            return Output.standardOutput(Array((csv ? figures.csv : figures.table).utf8))
        }
        if socket.json { return socket.printJSON(raw) }
        if csv { return Output.standardOutput(Array(ItemsTable.csv(document).utf8)) }
        Output.standardOutput(Array(ItemsTable.table(document).utf8))
    }
}

/// The co-production record as a table and as CSV.
enum ItemsTable {
    static let columns = ["ITEM", "RAISED", "FORUMS", "TITLE", "OWNER", "DUE", "STATUS"]

    static func table(_ document: ItemsDocument) -> String {
        guard !document.items.isEmpty else { return "No items.\n" }
        let table = TextTable(columns: columns)
        for item in document.items {
            table.add([
                String(item.id), String(item.raisedAt.prefix(10)), item.forums.joined(separator: ","), item.title,
                item.ownerName ?? "-", item.due.map { $0 + (item.overdue ? " (overdue)" : "") } ?? "-",
                item.status,
            ])
        }
        let open = document.items.count { $0.status == "open" || $0.status == "in_progress" }
        let overdue = document.items.count(where: \.overdue)
        return table.render(width: 120)
            + "\(document.items.count) item\(document.items.count == 1 ? "" : "s"): \(open) not finished, \(overdue) overdue\n"
    }

    static func csv(_ document: ItemsDocument) -> String {
        var lines = [
            "item,occurrence,meeting,meeting_start,forums,title,text,status,owner,owner_name,due,overdue,raised_at,raised_by"
        ]
        for item in document.items {
            let cells: [String?] = [
                String(item.id), item.occurrence, item.meeting, item.meetingStart, item.forums.joined(separator: " "),
                item.title, item.text, item.status, item.owner, item.ownerName, item.due, item.overdue ? "yes" : "no",
                item.raisedAt, item.raisedBy,
            ]
            lines.append(cells.map { AttendanceCommand.csvField($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension SocketOptions {
    /// POSTs a change to the co-production record and prints the item as it now stands
    /// (or the daemon's JSON), with anything the coordinator should know.
    func item(_ target: String, _ body: some Encodable, saying lead: String) throws {
        let (document, raw) = try call("POST", target, body: body, as: ItemDocument.self)
        if json { return printJSON(raw) }
        var lines = ["\(lead) \(document.id): \(document.title) (\(document.status.replacingUnderscores))"]
        if let owner = document.ownerName, let due = document.due { lines.append("Owner: \(owner), due \(due).") }
        if let notice = document.notice { lines.append("Note: \(notice)") }
        Output.standardOutput(Array((lines.joined(separator: "\n") + "\n").utf8))
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}

/// `convenectl items --report`: the figures a SEND area inspection asks for, per forum:
/// items raised, how soon the council first responded, and how many were done by their
/// due date. Worked out from the record the daemon gives.
struct ItemsReport: Encodable {
    let from: String
    let to: String
    let forums: [Row]
    let total: Row

    struct Row: Encodable {
        let forum: String
        let raised: Int
        /// Items the council has responded to (an action or a change of status).
        let responded: Int
        /// The median time from raising to the first response, in days (to a tenth).
        let medianDaysToFirstResponse: Double?
        /// Items whose due date has come, or that were done before it.
        let due: Int
        let doneByDue: Int
        /// `doneByDue / due`, to a hundredth; null when none is due.
        let shareDoneByDue: Double?

        enum CodingKeys: String, CodingKey {
            case forum, raised, responded, due
            case medianDaysToFirstResponse = "median_days_to_first_response"
            case doneByDue = "done_by_due"
            case shareDoneByDue = "share_done_by_due"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(forum, forKey: .forum)
            try c.encode(raised, forKey: .raised)
            try c.encode(responded, forKey: .responded)
            try c.encode(medianDaysToFirstResponse, forKey: .medianDaysToFirstResponse)
            try c.encode(due, forKey: .due)
            try c.encode(doneByDue, forKey: .doneByDue)
            try c.encode(shareDoneByDue, forKey: .shareDoneByDue)
        }
    }

    /// The items raised from `from` to `to` (local dates, both included), as of `today`.
    init(_ items: [ItemDocument], from: CivilDate, to: CivilDate, today: CivilDate) {
        self.from = from.description
        self.to = to.description
        let chosen = items.filter { item in
            guard let raised = CivilDate(String(item.raisedAt.prefix(10))) else { return false }
            return from <= raised && raised <= to
        }
        let byForum = Dictionary(grouping: chosen.flatMap { item in item.forums.map { ($0, item) } }, by: \.0)
        forums = byForum.keys.sorted().map { forum in Self.row(forum, byForum[forum]!.map(\.1), today: today) }
        total = Self.row("all forums", chosen, today: today)
    }

    static func row(_ forum: String, _ items: [ItemDocument], today: CivilDate) -> Row {
        var days: [Double] = []
        var due = 0
        var doneByDue = 0
        for item in items {
            let raised = Instant.parse(item.raisedAt)
            if let first = item.history.dropFirst().first(where: { $0.kind == "action" || $0.kind == "status" }),
                let raised, let at = Instant.parse(first.at)
            {
                days.append(Double(at - raised) / 86_400)
            }
            guard let dueDate = item.due.flatMap(CivilDate.init) else { continue }
            let finished =
                item.status == "done"
                ? item.history.last { $0.status == "done" }.flatMap { CivilDate(String($0.at.prefix(10))) } : nil
            if let finished, finished <= dueDate {
                due += 1
                doneByDue += 1
            } else if dueDate < today {
                due += 1
            }
        }
        days.sort()
        let median: Double? =
            days.isEmpty
            ? nil : days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2
        return Row(
            forum: forum, raised: items.count, responded: days.count,
            medianDaysToFirstResponse: median.map { ($0 * 10).rounded() / 10 }, due: due, doneByDue: doneByDue,
            shareDoneByDue: due == 0 ? nil : (Double(doneByDue) / Double(due) * 100).rounded() / 100)
    }

    var table: String {
        let table = TextTable(columns: ["FORUM", "RAISED", "RESPONDED", "MEDIAN DAYS TO RESPOND", "DUE", "DONE BY DUE DATE"])
        for row in forums + [total] {
            table.add([
                row.forum, "\(row.raised)", "\(row.responded)", row.medianDaysToFirstResponse.map { "\($0)" } ?? "-",
                "\(row.due)", row.shareDoneByDue.map { "\(row.doneByDue) (\(Int(($0 * 100).rounded()))%)" } ?? "-",
            ])
        }
        return "Items raised from \(from) to \(to)\n" + table.render(width: 120)
    }

    var csv: String {
        var lines = ["forum,raised,responded,median_days_to_first_response,due,done_by_due,share_done_by_due"]
        for row in forums + [total] {
            let cells = [
                row.forum, "\(row.raised)", "\(row.responded)", row.medianDaysToFirstResponse.map { "\($0)" } ?? "",
                "\(row.due)", "\(row.doneByDue)", row.shareDoneByDue.map { "\($0)" } ?? "",
            ]
            lines.append(cells.map(AttendanceCommand.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// RFC 3339 times as the daemon writes them (`2027-03-09T13:00:00+00:00`), as instants.
enum Instant {
    static func parse(_ text: String) -> Int? {
        guard text.count >= 20, let local = LocalDateTime(String(text.prefix(19))) else { return nil }
        let zone = text.dropFirst(19)
        if zone == "Z" { return local.wallSeconds }
        guard zone.count == 6, let sign = zone.first, sign == "+" || sign == "-",
            let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        let offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        return local.wallSeconds - offset
    }
}
