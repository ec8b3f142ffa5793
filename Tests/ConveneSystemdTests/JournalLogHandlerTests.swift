import Logging
import Testing

@testable import ConveneSystemd

/// The journal entry a log event becomes: the standard fields, a syslog priority for each
/// level, metadata as searchable upper-case fields, and no way for metadata to forge the
/// journal's own trusted (`_`-prefixed) fields.
@Suite struct JournalLogHandlerTests {
    typealias F = LogEventFixture

    private func fields(_ event: LogEvent, handlerMetadata: Logger.Metadata = [:]) -> [String] {
        JournalLogHandler.fields(event: event, identifier: "convened", handlerMetadata: handlerMetadata)
    }

    @Test func anEventWithoutMetadataHasTheStandardFieldsInOrder() {
        #expect(
            fields(F.event(.notice, "configuration loaded")) == [
                "MESSAGE=configuration loaded",
                "PRIORITY=5",
                "SYSLOG_IDENTIFIER=convened",
                "CODE_FILE=ConveneDaemon/SchedulerService.swift",
                "CODE_LINE=42",
                "CODE_FUNC=run()",
            ])
    }

    static let priorities: [(Logger.Level, Int)] = [
        (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ]

    @Test func theTableCoversEveryLevel() {
        #expect(Set(Self.priorities.map(\.0)) == Set(Logger.Level.allCases))
    }

    @Test(arguments: priorities)
    func eachLevelHasItsSyslogPriority(level: Logger.Level, priority: Int) {
        #expect(JournalLogHandler.priority(level) == priority)
        #expect(fields(F.event(level))[1] == "PRIORITY=\(priority)")
    }

    @Test func metadataFollowsTheStandardFieldsSortedByKey() {
        let event = F.event(metadata: ["retry-in": "30s", "forum.id": "redditch", "message.id": "3f6c9a"])
        #expect(fields(event).dropFirst(6) == ["FORUM_ID=redditch", "MESSAGE_ID=3f6c9a", "RETRY_IN=30s"])
    }

    @Test(arguments: [
        ("forum.id", "FORUM_ID"),
        ("message.id", "MESSAGE_ID"),
        ("retry-in", "RETRY_IN"),
        ("Spool.Path", "SPOOL_PATH"),
        ("series2.week", "SERIES2_WEEK"),
        ("forum naïve", "FORUM_NA_VE"),
    ])
    func aKeyBecomesUpperCaseWithUnderscores(key: String, name: String) {
        #expect(JournalLogHandler.fieldName(key) == name)
    }

    @Test(arguments: [
        ("_PID", "PID"),
        ("__SYSTEMD_UNIT", "SYSTEMD_UNIT"),
        (".uid", "UID"),
        ("-comm", "COMM"),
    ])
    func leadingUnderscoresAreStrippedSoTrustedFieldsCannotBeForged(key: String, name: String) {
        #expect(JournalLogHandler.fieldName(key) == name)
        let sent = fields(F.event(metadata: [key: "1"]))
        #expect(sent.last == "\(name)=1")
        #expect(!sent.contains { $0.hasPrefix("_") })
    }

    @Test(arguments: ["2fa", "_9lives", "..1", "___", ""])
    func aKeyWithNothingUsableOrStartingWithADigitIsDropped(key: String) {
        #expect(JournalLogHandler.fieldName(key) == nil)
        #expect(fields(F.event(metadata: [key: "x", "forum.id": "redditch"])).dropFirst(6) == ["FORUM_ID=redditch"])
    }

    @Test func aLongKeyIsCutToTheJournalsSixtyFourCharacters() throws {
        let name = try #require(JournalLogHandler.fieldName(String(repeating: "a.", count: 40)))
        #expect(name == String(repeating: "A_", count: 32))
    }

    @Test func eventMetadataOverridesTheHandlersOwn() {
        let event = F.event(metadata: ["forum.id": "bromsgrove", "retry.in": "30s"])
        let sent = fields(event, handlerMetadata: ["forum.id": "redditch", "spool": "/var/spool/convene"])
        #expect(sent.dropFirst(6) == ["FORUM_ID=bromsgrove", "RETRY_IN=30s", "SPOOL=/var/spool/convene"])
    }

    @Test func aMultiLineMessageIsOneFieldKeptWhole() {
        let sent = fields(F.event(.error, "reload failed:\nconvened.toml:3:1: error: forum: unknown key\n"))
        #expect(sent.first == "MESSAGE=reload failed:\nconvened.toml:3:1: error: forum: unknown key\n")
        #expect(sent.count == 6)
    }
}
