import ConveneTestSupport
import Foundation
import Testing

/// The clock set forward and back under a running daemon (its test clock, which it
/// watches as it watches the real one with TFD_TIMER_CANCEL_ON_SET): forward, it
/// writes at once what fell due in between, collapsed to the latest per meeting;
/// back, it re-arms for the earlier time and sends nothing twice; forward again, it
/// sends nothing it has sent. The same process throughout.
@Suite(.serialized, .runsOnBlockingThreads) struct ClockJumpTests {
    static let forums = 6

    /// The next notification's due time, from `GET /v1/status`.
    private func nextDue(_ unit: UserUnit) throws -> String {
        let next = try #require(try unit.status()["next_notification"] as? [String: Any])
        return try #require(next["due"] as? String)
    }

    /// How many meetings from `first` to `last` are scheduled (not skipped for a bank holiday).
    private func meetings(_ unit: UserUnit, _ first: String, _ last: String) throws -> Int {
        let (status, body) = try unit.request("GET", "/v1/schedule?from=\(first)&to=\(last)")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let occurrences = try #require(object?["occurrences"] as? [[String: Any]], "\(status) \(body)")
        return occurrences.count { $0["status"] as? String == "scheduled" }
    }

    @Test func aClockSetForwardAndBackSendsWhatFellDueOnceAndNothingTwice() throws {
        let clocked = try ClockedUnit(forums: Self.forums, clock: "2027-03-05T19:00:00Z")
        defer { clocked.remove() }
        let unit = clocked.unit
        #expect(try unit.systemctl("start").status == 0)
        let pid = unit.mainPID
        try clocked.waitUntilSettled()
        let march = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        march.expectExactlyOnce()
        // One message for each meeting still to come this month (6–31 March; those of
        // the 5th have taken place by 19:00), to each forum.
        #expect(march.files.count == (try meetings(unit, "2027-03-06", "2027-03-31")) * Self.forums)

        // Forward 15 days, past April's publication (18 March, 09:00).
        try clocked.setClock("2027-03-20T19:00:00Z")
        try SystemdUserManager.wait("the daemon to see the new time") { try nextDue(unit) > "2027-03-20T19" }
        try clocked.waitUntilSettled()
        let forward = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        forward.expectExactlyOnce()
        // April's invitations and tomorrow's reminders for each forum; the reminders for
        // 6–20 March fell due while the clock jumped and are not sent, their meetings
        // having started.
        let april = try meetings(unit, "2027-04-01", "2027-04-30")
        let tomorrow = try meetings(unit, "2027-03-21", "2027-03-21")
        #expect(april > 0 && tomorrow > 0)
        #expect(forward.files.count == march.files.count + (april + tomorrow) * Self.forums)

        // Back 14 days: tomorrow's reminders (7 March) are due again at this time of
        // day, and were never sent; nothing that was sent goes again.
        try clocked.setClock("2027-03-06T19:00:00Z")
        try SystemdUserManager.wait("the daemon to see the earlier time") { try nextDue(unit) < "2027-03-20" }
        try clocked.waitUntilSettled()
        let back = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        back.expectExactlyOnce()
        #expect(back.files.count == forward.files.count + (try meetings(unit, "2027-03-07", "2027-03-07")) * Self.forums)

        // Forward again: everything between was sent or has passed.
        try clocked.setClock("2027-03-20T19:00:00Z")
        try SystemdUserManager.wait("the daemon to see the new time again") { try nextDue(unit) > "2027-03-20T19" }
        try clocked.waitUntilSettled()
        let again = try SpoolAudit(folder: unit.folder, now: Int(clocked.clockNow.timeIntervalSince1970))
        again.expectExactlyOnce()
        #expect(again.files.count == back.files.count)
        #expect(unit.mainPID == pid, "the same daemon throughout")
        #expect(try unit.property("NRestarts") == "0")
    }
}
