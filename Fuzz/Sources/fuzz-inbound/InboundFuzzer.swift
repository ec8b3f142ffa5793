import ConveneCore
import ConveneInbox
import FuzzSupport

/// Fuzzes the inbox's reading of inbound mail: any bytes in, a reading or a stated reason
/// out, never a crash; and whatever is read, matching it against a small configuration
/// gives an outcome. The input is a whole message (headers, a blank line, the body).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInboundMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    var limits = InboundLimits()
    limits.bytes = 256 * 1024
    let message: InboundMessage
    do {
        message = try InboundMessage.read(input.bytes, limits: limits)
    } catch {
        require(!error.description.isEmpty, "a message refused without a reason")
        return 0
    }
    switch message.reading {
    case .calendarReply(let reply):
        require(!reply.uid.isEmpty, "a calendar answer read without a UID")
        require(reply.attendees.allSatisfy { $0.address == $0.address.lowercased() }, "an attendee's address not lower-cased")
    case .textReply(_, let reason):
        require(reason.map { !$0.isEmpty && !$0.hasPrefix(">") } ?? true, "a reason that is empty or quoted: \(reason ?? "")")
    case .bounce(let recipients):
        require(recipients.allSatisfy { $0.contains("@") }, "a bounced recipient that is not an address")
    case .autoReply, .other:
        break
    }
    if let from = message.from { require(from == from.lowercased() && from.contains("@"), "a From that is not an address") }
    _ = try? Matching.matcher.outcome(of: message)
    return 0
}

/// Two forums, one meeting told to the first.
enum Matching {
    struct Ledger: InboxLedger {
        func latestSequence(forum: String, occurrence: String) -> Int? {
            forum == "north-parents" && occurrence == "forum-20270309@example.org" ? 0 : nil
        }
        func meetingsTold(forum: String) -> [ToldMeeting] {
            // 2027-03-09 10:00 in London (GMT).
            forum == "north-parents"
                ? [ToldMeeting(occurrence: "forum-20270309@example.org", title: "Forum", start: 1_804_586_400, sequence: 0)]
                : []
        }
        func sent(notification id: String) -> (forum: String, occurrence: String, sequence: Int)? {
            id == "invitation-aaaa" ? ("north-parents", "forum-20270309@example.org", 0) : nil
        }
    }

    static let matcher: InboxMatcher = {
        let zone = ZoneRules(identifier: "Europe/London")!
        let organisation = Organisation(
            name: "Fuzz", timeZone: zone, region: .englandAndWales,
            organiser: Contact(name: "Team", email: "participation@example.org"))
        let forums = [
            Forum(
                id: "north-parents", name: "North", district: "north",
                contacts: [Contact(name: "N", email: "north@example.org")], availability: []),
            Forum(
                id: "south-parents", name: "South", district: "north",
                contacts: [Contact(name: "S", email: "south@example.org")], availability: []),
        ]
        let configuration = Configuration(
            organisation: organisation, districts: [District(id: "north", name: "North")], venues: [], forums: forums,
            series: [])
        return InboxMatcher(configuration: configuration, ledger: Ledger())
    }()
}
