import ConveneSystemd
import Logging
import Testing

/// The plain line a log event becomes on a terminal: identifier, level, message, then the
/// metadata in brackets sorted by key, without the journal-only `message.id`.
@Suite struct StandardErrorLogHandlerTests {
    typealias F = LogEventFixture

    private func line(_ event: LogEvent, handlerMetadata: Logger.Metadata = [:]) -> String {
        StandardErrorLogHandler.line(event: event, identifier: "convened", handlerMetadata: handlerMetadata)
    }

    @Test func metadataFollowsTheMessageInBracketsSortedByKey() {
        let event = F.event(.warning, "notification retry", metadata: ["retry.in": "30s", "forum.id": "redditch"])
        #expect(line(event) == "convened: warning: notification retry [forum.id=redditch, retry.in=30s]")
    }

    @Test func handlerAndEventMetadataAreMergedWithTheEventWinning() {
        let event = F.event(.warning, "text", metadata: ["b": "2", "c": "event"])
        #expect(line(event, handlerMetadata: ["a": "1", "c": "handler"]) == "convened: warning: text [a=1, b=2, c=event]")
    }

    @Test func theJournalsMessageIdIsLeftOut() {
        let event = F.event(.info, "invitation written", metadata: ["message.id": "3f6c9a", "forum.id": "redditch"])
        #expect(line(event) == "convened: info: invitation written [forum.id=redditch]")
    }

    @Test(arguments: [nil, [:], ["message.id": "3f6c9a"]] as [Logger.Metadata?])
    func withNoMetadataToShowThereAreNoBrackets(metadata: Logger.Metadata?) {
        #expect(line(F.event(.info, "started", metadata: metadata)) == "convened: info: started")
    }
}
