import ConveneConfig
import ConveneCore
import ConveneDocuments
import ConveneProtocol
import ConveneTestSupport
import Foundation
import Testing

/// The schedule's hand-written JSON must be what `JSONEncoder` (sorted keys, slashes
/// unescaped: the protocol's encoder) writes, byte for byte, for every month of the
/// shipped configuration and for text with every character JSON escapes.
@Suite struct ScheduleJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test func everyMonthOfTheShippedScheduleIsWrittenAsJSONEncoderWritesIt() throws {
        let configuration = try #require(ConfigurationLoader(mainFile: RepositoryPaths.exampleConfig.path).load().configuration)
        let scheduler = Scheduler(configuration: configuration)
        for month in 1...12 {
            var document = ScheduleDocument(scheduler.schedule(year: 2027, month: month), configuration: configuration)
            #expect(document.occurrences.count >= 5)
            document.nextCursor = month % 2 == 0 ? "1812444300.x-20270608@example.org" : nil
            #expect(document.jsonBytes() == Array(try Self.encoder.encode(document)), "2027-\(month)")
        }
    }

    @Test(arguments: [
        "plain", "", "quote \" and back\\slash", "a/b </script>", "tab\tnew\nline\r\u{8}\u{C}",
        "\u{0}\u{1}\u{1F}\u{7F}", "café, Chloé’s Circle", "👨‍👩‍👧 family", "\u{2028}\u{2029}", "\u{FEFF}bom",
    ])
    func textIsEscapedAsJSONEncoderEscapesIt(text: String) throws {
        let item = ScheduleDocument.Item(
            uid: text, meeting: text, title: text, start: text, end: text, venue: nil, venueName: text, online: nil,
            forums: [text, text], status: text, reason: text, cannotAttend: [], conflicts: [text])
        let document = ScheduleDocument(occurrences: [item, item], nextCursor: text)
        #expect(document.jsonBytes() == Array(try Self.encoder.encode(document)))
    }
}
