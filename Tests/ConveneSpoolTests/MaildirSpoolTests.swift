import ConveneSpool
import ConveneTestSupport
import Foundation
import Testing

/// The Maildir spool on a real filesystem: folders and files with the intended modes,
/// messages visible only once complete, and recovery after a crash at each step.
@Suite struct MaildirSpoolTests {
    private func attributes(_ path: String) throws -> [FileAttributeKey: Any] {
        try FileManager.default.attributesOfItem(atPath: path)
    }

    @Test func aStagedMessageIsInvisibleUntilPublishedThenInNewWithItsModes() throws {
        let root = try TemporaryDirectory(prefix: "spool")
        let spool = MaildirSpool(root: root.path + "/spool", host: "test")
        let staged = try spool.stage(
            "Subject: hello\r\n\r\nbody\r\n", forum: "north-parents", notificationID: "reminder-0123456789abcdef",
            writtenAt: 1_790_000_000)
        #expect(staged.fileName == "1790000000.reminder-0123456789abcdef.test")
        let folder = root.path + "/spool/north-parents"
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/new").isEmpty)
        try spool.publish(staged)
        try spool.syncFolders(["north-parents"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/new") == [staged.fileName])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/tmp").isEmpty)
        #expect(
            try String(contentsOfFile: folder + "/new/" + staged.fileName, encoding: .utf8) == "Subject: hello\r\n\r\nbody\r\n")
        #expect(try attributes(folder + "/new/" + staged.fileName)[.posixPermissions] as? Int == 0o640)
        for sub in ["", "/tmp", "/new", "/cur"] {
            #expect(try attributes(folder + sub)[.posixPermissions] as? Int == 0o750, "\(sub)")
        }
    }

    @Test(arguments: ["../escape", "/etc", "UPPER", "a/b", "nul\u{0}byte", "ｆｕｌｌｗｉｄｔｈ", String(repeating: "a", count: 65), ""])
    func aForumIdThatIsNotSafeAsAPathIsRefused(_ forum: String) throws {
        let root = try TemporaryDirectory(prefix: "spool")
        let spool = MaildirSpool(root: root.path + "/spool", host: "test")
        #expect(throws: SpoolError.self) { try spool.stage("x", forum: forum, notificationID: "n", writtenAt: 1) }
        let written = FileManager.default.subpaths(atPath: root.path) ?? []
        #expect(written.allSatisfy { $0 == "spool" || !$0.contains("..") }, "\(written)")
        #expect(
            !FileManager.default.fileExists(atPath: root.url.deletingLastPathComponent().appendingPathComponent("escape").path))
    }

    @Test func recoveryPublishesAStagedFileAndRecognisesPublishedAndConsumedOnes() throws {
        let root = try TemporaryDirectory(prefix: "spool")
        let spool = MaildirSpool(root: root.path + "/spool", host: "test")
        let staged = try spool.stage("a", forum: "north-parents", notificationID: "invitation-1", writtenAt: 1)
        #expect(try spool.recover(forum: "north-parents", fileName: staged.fileName) == .published)
        #expect(try spool.recover(forum: "north-parents", fileName: staged.fileName) == .alreadyPublished)
        let folder = root.path + "/spool/north-parents"
        try FileManager.default.moveItem(
            atPath: folder + "/new/" + staged.fileName, toPath: folder + "/cur/" + staged.fileName + ":2,S")
        #expect(try spool.recover(forum: "north-parents", fileName: staged.fileName) == .alreadyPublished)
        try FileManager.default.removeItem(atPath: folder + "/cur/" + staged.fileName + ":2,S")
        #expect(try spool.recover(forum: "north-parents", fileName: staged.fileName) == .consumed)
    }

    @Test func staleStagedFilesWithoutALedgerRowAreRemovedButCommittedOnesKept() throws {
        let root = try TemporaryDirectory(prefix: "spool")
        let spool = MaildirSpool(root: root.path + "/spool", host: "test")
        let keep = try spool.stage("a", forum: "north-parents", notificationID: "invitation-1", writtenAt: 1)
        let stale = try spool.stage("b", forum: "north-parents", notificationID: "invitation-2", writtenAt: 1)
        let removed = try spool.removeStaleStaged(forum: "north-parents", keep: [keep.fileName])
        #expect(removed == [stale.fileName])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/spool/north-parents/tmp") == [keep.fileName])
    }

    @Test func aForumFolderRemovedByHandIsReportedWithItsPathAndReason() throws {
        let root = try TemporaryDirectory(prefix: "spool")
        let spool = MaildirSpool(root: root.path + "/spool", host: "test")
        let staged = try spool.stage("a", forum: "north-parents", notificationID: "invitation-1", writtenAt: 1)
        try FileManager.default.removeItem(atPath: root.path + "/spool/north-parents/new")
        #expect { try spool.publish(staged) } throws: { error in
            let text = (error as? SpoolError)?.description ?? ""
            return text.contains("north-parents/tmp/\(staged.fileName)") && text.contains("No such file or directory")
        }
        // Preparing again (as the next attempt does) brings the folder back and the file can go.
        try spool.prepare(forum: "north-parents")
        try spool.publish(staged)
    }
}
