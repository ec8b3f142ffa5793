import ConveneCore
import ConveneDelivery
import ConveneProtocol
import ConveneServer
import ConveneTestSupport
import Foundation
import Glibc
import Testing

@testable import ConveneDaemon
@testable import ConveneStore

/// "You said, we did" through the daemon: items raised at a meeting that has started,
/// actions and status changes kept as an audit trail, and refusals that change nothing.
@Suite struct ItemsTests {
    static let admin = Peer(pid: getpid(), uid: getuid(), gid: getgid())

    /// A harness on 12 January 2027 at 12:30, after the January forum (10:00–12:00).
    static func harness() throws -> DeliveryRetryTests.Harness {
        try DeliveryRetryTests.Harness(at: "2027-01-12T12:30:00")
    }

    static func meeting(_ harness: DeliveryRetryTests.Harness, in month: String) async throws -> String {
        let source = await harness.daemon.source
        let first = CivilDate.on("\(month)-01")
        return try #require(source.schedule(from: first, through: first.lastOfMonth(after: 0)).occurrences.first?.uid)
    }

    static func items(_ daemon: Daemon, _ query: ItemQuery = ItemQuery(), reasons: Bool = true) throws -> [ItemDocument] {
        try daemon.read(.items(query, reasons: reasons), as: ItemsDocument.self).items
    }

    /// The change, or the refusal's code and words.
    static func attempt(_ daemon: Daemon, _ change: ItemChange) async -> Result<ItemDocument, ChangeRefusal> {
        do {
            return .success(try await daemon.item(change, by: admin))
        } catch {
            return .failure(error)
        }
    }

    @Test func anItemIsRaisedGivenAnActionAndFinishedWithEveryStepKept() async throws {
        let harness = try Self.harness()
        let daemon = harness.daemon
        let uid = try await Self.meeting(harness, in: "2027-01")
        let raised = try await daemon.item(
            .raise(RaiseRequest(occurrence: uid, forums: ["south-parents", "north-parents"], title: " Late letters ", text: "")),
            by: Self.admin)
        #expect(raised.id == 1 && raised.status == "open" && raised.title == "Late letters" && raised.text == nil)
        #expect(raised.forums == ["north-parents", "south-parents"] && raised.meeting == "Forum")
        #expect(raised.raisedBy == UnixAccounts.describe(uid: getuid()) && raised.raisedAt == "2027-01-12T12:30:00+00:00")

        harness.clock.advance(3600)
        let named = try await daemon.item(
            .action(item: 1, ActionRequest(owner: "Transport team", due: "2027-02-01", note: "Asked for the timetable")),
            by: Self.admin)
        #expect(named.owner == nil && named.ownerName == "Transport team" && named.due == "2027-02-01")
        #expect(named.notice?.contains("nobody will be reminded") == true, "a free-text owner is not reminded, and told so")
        let officer = try await daemon.item(
            .action(item: 1, ActionRequest(owner: "send-lead", due: "2027-02-15")), by: Self.admin)
        #expect(officer.owner == "send-lead" && officer.ownerName == "Priya Shah, Head of SEND" && officer.notice == nil)
        _ = try await daemon.item(.status(item: 1, StatusRequest(status: "in_progress")), by: Self.admin)
        let done = try await daemon.item(
            .status(item: 1, StatusRequest(status: "done", note: "Letters go out 3 weeks ahead")), by: Self.admin)
        #expect(done.status == "done" && !done.overdue)
        #expect(done.history.map(\.kind) == ["raised", "action", "action", "status", "status"])
        #expect(done.history.map(\.status) == ["open", nil, nil, "in_progress", "done"])
        #expect(done.history[1].ownerName == "Transport team" && done.history[1].note == "Asked for the timetable")
        #expect(done.history.last?.note == "Letters go out 3 weeks ahead")
        // The ledger keeps the record as it was written.
        #expect(throws: (any Error).self) {
            try daemon.store.write("change the record") { db in try db.execute("UPDATE itemEvent SET byWhom = 'someone'") }
        }
        #expect(throws: (any Error).self) {
            try daemon.store.write("remove the record") { db in try db.execute("DELETE FROM itemEvent") }
        }
        #expect(try daemon.store.items().first?.events.count == 5)
    }

    @Test func theListFiltersByForumStatusAndOverdue() async throws {
        let harness = try Self.harness()
        let daemon = harness.daemon
        let uid = try await Self.meeting(harness, in: "2027-01")
        for (forums, title) in [(["north-parents"], "Late letters"), (["south-parents"], "No ramp at the library")] {
            _ = try await daemon.item(.raise(RaiseRequest(occurrence: uid, forums: forums, title: title)), by: Self.admin)
        }
        _ = try await daemon.item(.action(item: 2, ActionRequest(owner: "send-lead", due: "2027-01-20")), by: Self.admin)
        #expect(try Self.items(daemon).map(\.id) == [1, 2])
        #expect(try Self.items(daemon, ItemQuery(forum: "south-parents")).map(\.id) == [2])
        #expect(try Self.items(daemon, ItemQuery(status: "done")).isEmpty)
        #expect(try Self.items(daemon, ItemQuery(overdue: true)).isEmpty)
        harness.clock.advance(9 * 86_400)  // 21 January: the action's due date has passed
        #expect(try Self.items(daemon, ItemQuery(overdue: true)).map(\.id) == [2])
        #expect(throws: ControlFailure.self) { try Self.items(daemon, ItemQuery(forum: "nowhere")) }
        // Who made each change, and why, are for admins; everyone else sees what and when.
        _ = try await daemon.item(
            .status(item: 2, StatusRequest(status: "wont_do", reason: "No budget this year")), by: Self.admin)
        let seen = try #require(try Self.items(daemon, reasons: false).first { $0.id == 2 })
        #expect(seen.raisedBy == nil && seen.history.allSatisfy { $0.by == nil && $0.reason == nil })
        #expect(seen.status == "wont_do" && seen.history.count == 3)
        let admin = try #require(try Self.items(daemon).first { $0.id == 2 })
        #expect(admin.history.last?.reason == "No budget this year" && admin.raisedBy != nil)
    }

    /// Each refusal: its code, its words, and nothing written.
    @Test func aRefusedChangeSaysWhyAndChangesNothing() async throws {
        let harness = try Self.harness()
        let daemon = harness.daemon
        let uid = try await Self.meeting(harness, in: "2027-01")
        _ = try await daemon.item(
            .raise(RaiseRequest(occurrence: uid, forums: ["north-parents"], title: "Late letters")), by: Self.admin)
        _ = try await daemon.item(.status(item: 1, StatusRequest(status: "done")), by: Self.admin)
        let february = try await Self.meeting(harness, in: "2027-02")
        let cases: [(ItemChange, ErrorCode, String)] = [
            (
                .raise(RaiseRequest(occurrence: february, forums: ["north-parents"], title: "Agenda")), .clash,
                "\(february) has not started yet; record what forums raise at a meeting once it has begun"
            ),
            (
                .raise(RaiseRequest(occurrence: "none@example.org", forums: ["north-parents"], title: "x")), .notFound,
                "no occurrence \"none@example.org\""
            ),
            (.raise(RaiseRequest(occurrence: uid, forums: ["nowhere"], title: "x")), .notFound, "no forum \"nowhere\""),
            (.raise(RaiseRequest(occurrence: uid, forums: [], title: "x")), .badRequest, "forums: missing"),
            (.raise(RaiseRequest(occurrence: uid, forums: ["north-parents"], title: "  ")), .badRequest, "title: missing"),
            (
                .raise(RaiseRequest(occurrence: uid, forums: ["north-parents"], title: String(repeating: "x", count: 201))),
                .badRequest, "title: at most 200 characters"
            ),
            (.action(item: 9, ActionRequest(owner: "send-lead", due: "2027-02-01")), .notFound, "no item 9"),
            (
                .action(item: 1, ActionRequest(owner: "send-lead", due: "1 February")), .badRequest,
                "due: expected a date such as 2027-04-30, not \"1 February\""
            ),
            (
                .status(item: 1, StatusRequest(status: "finished")), .badRequest,
                "status: expected open, in_progress, done or wont_do, not \"finished\""
            ),
            (
                .status(item: 1, StatusRequest(status: "open")), .badRequest,
                "status: going from done to open needs --reason (kept with the change)"
            ),
            (.status(item: 1, StatusRequest(status: "done")), .badRequest, "the item is already done"),
        ]
        let before = try daemon.store.items()
        for (change, code, words) in cases {
            guard case .failure(let refusal) = await Self.attempt(daemon, change) else {
                Issue.record("\(change) was not refused")
                continue
            }
            #expect(refusal.code == code && refusal.description == words, "\(change)")
        }
        #expect(try daemon.store.items() == before, "nothing was written")
        // The same status with a note is news, not a change.
        let news = try await daemon.item(
            .status(item: 1, StatusRequest(status: "done", note: "Letters now go sooner")), by: Self.admin)
        #expect(news.status == "done" && news.history.last?.kind == "note" && news.history.last?.note == "Letters now go sooner")
        // With a reason, the step back is made.
        let reopened = try await daemon.item(
            .status(item: 1, StatusRequest(status: "open", reason: "Families say letters are still late")), by: Self.admin)
        #expect(reopened.status == "open" && reopened.history.last?.reason == "Families say letters are still late")
    }
}
