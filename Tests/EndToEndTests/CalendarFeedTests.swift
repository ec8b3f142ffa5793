import ConveneTestSupport
import Foundation
import Testing

/// `GET /v1/forums/{id}/calendar.ics` from the live daemon: a feed python's `icalendar`
/// reads, one event per meeting with the UIDs and SEQUENCE of the emails, and a
/// cancelled meeting kept as STATUS:CANCELLED.
@Suite(.runsOnBlockingThreads) struct CalendarFeedTests {
    /// UID, SEQUENCE and STATUS of each VEVENT, one per line, as icalendar reads them.
    static let reader = """
        import sys, icalendar
        calendar = icalendar.Calendar.from_ical(sys.stdin.read())
        assert calendar.get("METHOD") == "PUBLISH"
        for event in calendar.walk("VEVENT"):
            print(event.get("UID"), int(event.get("SEQUENCE")), event.get("STATUS"), event.decoded("DTSTART").isoformat())
        """

    /// The feed's events as `reader` prints them.
    static func events(_ feed: String) throws -> [Substring] {
        let result = try Subprocess.run(try PythonOracle.interpreter(), ["-c", reader], stdin: feed)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n")
    }

    @Test func theFeedHasEveryMeetingAndKeepsACancelledOneAsCancelled() throws {
        let daemon = try RunningDaemon(forums: 2)
        defer { daemon.stop() }
        let meeting = try #require(try daemon.invitedMeetings().first)

        let before = try daemon.request("GET", "/v1/forums/forum-0/calendar.ics")
        #expect(before.status == 200)
        let events = try Self.events(before.body)
        let scheduled = try daemon.json("GET", "/v1/forums/forum-0/schedule?from=\(meeting.date)&to=\(meeting.date)")
        #expect((scheduled["occurrences"] as? [Any])?.count == 1)
        #expect(events.contains { $0.hasPrefix("\(meeting.uid) 0 CONFIRMED ") }, "\(events.prefix(3))")
        #expect(Set(events.map { $0.split(separator: " ")[0] }).count == events.count, "one event per meeting")

        let cancel = try daemon.request("POST", "/v1/occurrences/\(meeting.uid)/cancel", body: #"{"reason":"Hall flooded"}"#)
        #expect(cancel.status == 200, "\(cancel)")
        _ = try daemon.waitForMessages("cancellation", to: ["forum-0", "forum-1"])
        let after = try daemon.request("GET", "/v1/forums/forum-0/calendar.ics")
        let cancelled = try Self.events(after.body)
        #expect(cancelled.contains { $0.hasPrefix("\(meeting.uid) 1 CANCELLED ") })
        #expect(cancelled.count == events.count, "the cancelled meeting stays in the feed")
    }

    @Test func anUnknownForumHasNoFeed() throws {
        let daemon = try RunningDaemon(forums: 1)
        defer { daemon.stop() }
        let reply = try daemon.request("GET", "/v1/forums/nobody/calendar.ics")
        #expect(reply.status == 404)
        #expect(reply.errorCode == "not_found")
    }
}
