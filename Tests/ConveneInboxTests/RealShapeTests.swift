import ConveneCore
import Foundation
import Testing

@testable import ConveneInbox

/// Answers in the shapes real programs send them (Outlook, Gmail, Thunderbird, Apple Mail,
/// Evolution, python's icalendar, phone mail apps; see Fixtures/inbound/README.md), each
/// read as its sender meant it (Fixtures/inbound/expected.json).
@Suite struct RealShapeTests {
    struct Expected: Decodable, Sendable {
        let kind: String
        let from: String?
        let message_id: String?
        let in_reply_to: String?
        let uid: String?
        let sequence: Int?
        let attendee: String?
        let answer: String?
        let reason: String?
        let bounced: [String]?
    }

    static let folder = Bundle.module.url(forResource: "inbound", withExtension: nil, subdirectory: "Fixtures")!

    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try! JSONDecoder().decode([String: Expected].self, from: data)
    }()

    @Test(arguments: expected.keys.sorted())
    func eachShapeIsReadAsItsSenderMeantIt(name: String) throws {
        let expected = try #require(Self.expected[name])
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name + ".eml")))
        let message = try InboundMessage.read(bytes)
        #expect(message.from == expected.from, "\(name)")
        #expect(message.messageID == expected.message_id, "\(name)")
        if let inReplyTo = expected.in_reply_to { #expect(message.answering.first == inReplyTo, "\(name)") }
        switch (expected.kind, message.reading) {
        case ("calendar-reply", .calendarReply(let reply)):
            #expect(reply.uid == expected.uid && reply.sequence == (expected.sequence ?? 0), "\(name)")
            let attendee = reply.attendees.first { $0.address == expected.attendee }
            #expect(attendee?.answer?.rawValue == expected.answer, "\(name): \(reply.attendees)")
            #expect((reply.comment ?? attendee?.note) == expected.reason, "\(name)")
        case ("text-reply", .textReply(let answer, let reason)):
            #expect(answer.rawValue == expected.answer, "\(name)")
            #expect(reason == expected.reason, "\(name)")
        case ("auto-reply", .autoReply), ("other", .other):
            break
        case ("bounce", .bounce(let recipients)):
            #expect(recipients == expected.bounced, "\(name)")
        default:
            Issue.record("\(name): expected \(expected.kind), read \(message.reading)")
        }
    }
}
