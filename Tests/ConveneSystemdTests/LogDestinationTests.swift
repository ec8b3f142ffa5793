import ConveneSystemd
import Foundation
import Glibc
import Logging
import Testing

/// The journal is chosen only when `$JOURNAL_STREAM` names the very stream stderr is
/// (sd-daemon(3)); anything else, including a stream inherited by a child whose stderr
/// was redirected, gives plain lines on stderr.
@Suite struct LogDestinationTests {
    /// `device:inode` of this process's stderr, as systemd writes `$JOURNAL_STREAM`.
    private func standardErrorStream() throws -> (device: UInt64, inode: UInt64) {
        var status = stat()
        try #require(fstat(STDERR_FILENO, &status) == 0)
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    @Test func withoutJournalStreamTheLogGoesToStandardError() {
        #expect(LogDestination.detect(environment: [:]) == .stderr)
        #expect(LogDestination.detect(environment: ["NOTIFY_SOCKET": "/run/systemd/notify"]) == .stderr)
    }

    @Test func aJournalStreamMatchingStandardErrorMeansTheJournal() throws {
        let stream = try standardErrorStream()
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": "\(stream.device):\(stream.inode)"]) == .journal)
    }

    @Test func aJournalStreamForAnotherInodeOrDeviceMeansStandardError() throws {
        let stream = try standardErrorStream()
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": "\(stream.device):\(stream.inode + 1)"]) == .stderr)
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": "\(stream.device + 1):\(stream.inode)"]) == .stderr)
    }

    /// Variations on stderr's own `D:I` (device, inode), each of which must not be taken for it.
    @Test(arguments: ["", "D", "I", "D:", ":I", "D;I", "D:I:0", "D:Ix", " D:I", "D:I ", "D:-I"])
    func aMalformedJournalStreamMeansStandardError(template: String) throws {
        let stream = try standardErrorStream()
        let value = template.replacingOccurrences(of: "D", with: "\(stream.device)")
            .replacingOccurrences(of: "I", with: "\(stream.inode)")
        #expect(LogDestination.detect(environment: ["JOURNAL_STREAM": value]) == .stderr, "JOURNAL_STREAM=\(value)")
    }

    @Test func eachDestinationMakesItsHandlerAtTheGivenLevel() {
        let journal = LogDestination.journal.handler(identifier: "convened", level: .debug)
        let stderr = LogDestination.stderr.handler(identifier: "convened", level: .warning)
        #expect((journal as? JournalLogHandler)?.identifier == "convened")
        #expect(journal.logLevel == .debug)
        #expect((stderr as? StandardErrorLogHandler)?.identifier == "convened")
        #expect(stderr.logLevel == .warning)
    }
}
