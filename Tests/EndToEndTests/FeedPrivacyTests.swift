import ConveneTestSupport
import Foundation
import Testing

/// The forums' calendar feeds name no contact, and each forum's public address is a
/// secret that an admin can replace: the old one then opens nothing.
@Suite(.runsOnBlockingThreads) struct FeedPrivacyTests {
    /// Every contact's name and address, as the daemon's forum documents give them.
    static func contacts(_ daemon: RunningDaemon) throws -> (forums: [String], words: [String]) {
        let forums = try #require(try daemon.json("GET", "/v1/forums")["forums"] as? [[String: Any]])
        var words: [String] = []
        for forum in forums {
            for contact in forum["contacts"] as? [[String: Any]] ?? [] {
                words += [contact["name"], contact["email"]].compactMap { $0 as? String }
            }
        }
        return (forums.compactMap { $0["id"] as? String }, words)
    }

    @Test func noFeedNamesAContactOnTheSocketOrAtItsPublicAddress() throws {
        let daemon = try RunningDaemon(
            extraConfiguration: "[feeds]\npublic_url = \"https://meetings.example.org/\"",
            copying: RepositoryPaths.root.appendingPathComponent("config"))
        defer { daemon.stop() }
        let (forums, words) = try Self.contacts(daemon)
        #expect(forums.count == 24 && words.count >= 48, "the shipped county's forums and their contacts")
        for forum in forums {
            let address = try daemon.json("GET", "/v1/forums/\(forum)/feed-url")
            let path = try #require(address["path"] as? String)
            #expect(address["url"] as? String == "https://meetings.example.org" + path)
            for target in ["/v1/forums/\(forum)/calendar.ics", path] {
                let feed = try daemon.request("GET", target)
                #expect(feed.status == 200, "\(target)")
                #expect(feed.body.contains("BEGIN:VEVENT"), "\(forum)'s feed has its meetings")
                let unfolded = feed.body.replacingOccurrences(of: "\r\n ", with: "")
                #expect(!unfolded.contains("ATTENDEE"), "\(target) names attendees")
                for word in words {
                    #expect(!unfolded.localizedCaseInsensitiveContains(word), "\(target) contains a contact's \"\(word)\"")
                }
            }
        }
    }

    @Test func aRotatedAddressIsRefusedAndTheNewOneWorks() throws {
        let daemon = try RunningDaemon(forums: 2)
        defer { daemon.stop() }
        let old = try #require(try daemon.json("GET", "/v1/forums/forum-0/feed-url")["path"] as? String)
        #expect(try daemon.request("GET", old).status == 200)
        let rotated = try daemon.json("POST", "/v1/forums/forum-0/feed-url/rotate")
        let new = try #require(rotated["path"] as? String)
        #expect(rotated["rotated"] as? Bool == true)
        #expect(new != old)
        let refused = try daemon.request("GET", old)
        #expect(refused.status == 404)
        #expect(refused.errorCode == "not_found")
        #expect(try daemon.request("GET", new).status == 200)
        #expect(try daemon.json("GET", "/v1/forums/forum-0/feed-url")["path"] as? String == new)
        // The other forum's address is untouched, and survives a restart with the new one.
        let other = try #require(try daemon.json("GET", "/v1/forums/forum-1/feed-url")["path"] as? String)
        #expect(try daemon.request("GET", other).status == 200)
        #expect(try daemon.request("GET", "/feeds/" + String(repeating: "a", count: 26) + ".ics").status == 404)
    }

    @Test func aFeedAnswersNotModifiedToACalendarThatHasIt() throws {
        let daemon = try RunningDaemon(forums: 1)
        defer { daemon.stop() }
        let path = try #require(try daemon.json("GET", "/v1/forums/forum-0/feed-url")["path"] as? String)
        let headers = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-sS", "-D", "-", "-o", "/dev/null", "--unix-socket", daemon.socketPath,
                "http://convened" + path,
            ])
        let etag = try #require(headers.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") })
            .dropFirst(5).trimmingCharacters(in: .whitespaces)
        let again = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: \(etag)",
                "--unix-socket", daemon.socketPath, "http://convened" + path,
            ])
        #expect(again.stdout == "304")
        let other = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: \"other\"",
                "--unix-socket", daemon.socketPath, "http://convened" + path,
            ])
        #expect(other.stdout == "200")
    }
}
