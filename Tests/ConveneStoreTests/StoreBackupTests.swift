import ConveneTestSupport
import Foundation
import Testing

@testable import ConveneStore

/// Backups of the ledger: `Store.backUp` (what `convenectl backup` runs) and the copy the
/// store keeps before it changes an existing ledger's schema.
@Suite struct StoreBackupTests {
    let directory: TemporaryDirectory
    /// The GRDB-era ledger (every migration up to v8-sender), copied so it can change.
    let path: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "convene-backup")
        path = directory.storePath
        try LedgerFixtures.copyLedgerV8(to: path)
    }

    /// The migrations `file` records, in the order applied.
    static func applied(_ file: String) throws -> [String] {
        let db = try SQLiteConnection(path: file, role: .reader)
        return try db.values("SELECT identifier FROM grdb_migrations ORDER BY rowid")
    }

    static func notificationIDs(_ file: String) throws -> [String] {
        let db = try SQLiteConnection(path: file, role: .reader)
        return try db.values("SELECT id FROM notification ORDER BY id")
    }

    static func mode(_ file: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
    }

    @Test func openingAnOlderLedgerFirstKeepsACopyOfItAsItWas() throws {
        let before = try Self.applied(path)
        let rows = try Self.notificationIDs(path)
        #expect(before.last == "v8-sender")
        let next = try #require(StoreSchemaTests.migrations.first { !before.contains($0) })

        let store = try Store.open(path: path)

        let backup = try #require(store.migrationBackup)
        #expect(backup.file == "\(path).before-\(next)")
        #expect(backup.schema == "v8-sender")
        #expect(try Self.applied(backup.file) == before, "the copy is the ledger before the change")
        #expect(try Self.notificationIDs(backup.file) == rows)
        #expect(try Self.applied(path) == StoreSchemaTests.migrations, "and the ledger itself changed")
        #expect(try Self.mode(backup.file) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: backup.file + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: backup.file + "-wal"), "one file, nothing beside it")

        // The same ledger, now up to date, is not copied again.
        let again = try Store.open(path: path)
        #expect(again.migrationBackup == nil)
    }

    @Test func anEarlierCopyFromTheSameUpgradeIsKept() throws {
        let next = try #require(StoreSchemaTests.migrations.first { !(try Self.applied(path)).contains($0) })
        let earlier = "\(path).before-\(next)"
        try Data("the copy from an upgrade tried before".utf8).write(to: URL(fileURLWithPath: earlier))

        let store = try Store.open(path: path)

        #expect(store.migrationBackup?.file == earlier)
        #expect(try String(contentsOfFile: earlier, encoding: .utf8) == "the copy from an upgrade tried before")
    }

    @Test func aNewLedgerIsNotCopied() throws {
        let store = try Store.open(path: directory.path + "/new.sqlite")
        #expect(store.migrationBackup == nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains(".before-") }, "\(names)")
    }

    @Test func aBackupIsTheCommittedStateAndLeavesTheWriterAlone() throws {
        _ = try Store.open(path: path)
        let writer = try SQLiteConnection(path: path, role: .writer)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("INSERT INTO grdb_migrations (identifier) VALUES ('not-yet-committed')")
        let destination = directory.path + "/copy.sqlite"

        let backup = try Store.backUp(ledger: path, to: destination)

        try writer.execute("COMMIT")
        #expect(backup.file == destination)
        #expect(backup.schema == StoreSchemaTests.migrations.last)
        #expect(backup.bytes == (try FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int))
        #expect(try Self.applied(destination) == StoreSchemaTests.migrations, "what was not committed is not in it")
        #expect(try Self.applied(path).last == "not-yet-committed", "and the writer went on")
        #expect(try Self.notificationIDs(destination) == Self.notificationIDs(path))
        #expect(try Self.mode(destination) == 0o600)
        // The copy opens as a ledger of its own.
        let copy = try Store.open(path: destination)
        #expect(try copy.notifications().count == 4)
    }

    @Test func anExistingFileIsNeverReplaced() throws {
        let destination = directory.path + "/kept.sqlite"
        try Data("an admin's own file".utf8).write(to: URL(fileURLWithPath: destination))

        let error = try #require(throws: StoreError.self) { try Store.backUp(ledger: path, to: destination) }

        #expect(error == .backupFailed(destination: destination, reason: "it exists; name a new file"))
        #expect(try String(contentsOfFile: destination, encoding: .utf8) == "an admin's own file")
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
    }

    @Test func aMissingLedgerOrFolderIsNamedAndLeavesNothing() throws {
        let missing = directory.path + "/state/ledger.sqlite"
        let destination = directory.path + "/copy.sqlite"
        let error = try #require(throws: StoreError.self) { try Store.backUp(ledger: missing, to: destination) }
        #expect(error.description == "could not back up the ledger to \(destination): there is no ledger at \(missing)")

        let nowhere = directory.path + "/no-such-folder/copy.sqlite"
        let failed = try #require(throws: StoreError.self) { try Store.backUp(ledger: path, to: nowhere) }
        #expect(failed == .backupFailed(destination: nowhere, reason: "No such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }
}
