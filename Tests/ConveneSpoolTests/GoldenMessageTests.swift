import ConveneCore
import Foundation
import Testing

@testable import ConveneSpool

/// Each kind of message against a stored copy, byte for byte, in `Golden/<kind>.eml`.
///
/// To regenerate after changing the wording or layout on purpose, from the package root:
///
///     CONVENE_UPDATE_GOLDEN=1 swift test --filter GoldenMessageTests
///
/// which rewrites the files beside this one (the test then fails, to say so). Read
/// the diff as a parent would before committing it.
@Suite struct GoldenMessageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: ConveneCore.Notification.Kind.allCases)
    func theMessageMatchesItsGoldenFile(_ kind: ConveneCore.Notification.Kind) throws {
        let message = SpoolFixture.message(kind)
        let file = Self.folder.appendingPathComponent("\(kind.rawValue).eml")
        if ProcessInfo.processInfo.environment["CONVENE_UPDATE_GOLDEN"] == "1" {
            try Data(message.utf8).write(to: file)
            Issue.record("rewrote \(file.path); unset CONVENE_UPDATE_GOLDEN and run again")
            return
        }
        let url = try #require(Bundle.module.url(forResource: kind.rawValue, withExtension: "eml", subdirectory: "Golden"))
        let stored = try Data(contentsOf: url)
        // Bytes, not Strings: String equality would let an é written two ways pass.
        let same = Array(message.utf8) == Array(stored)
        #expect(same, "\(kind.rawValue).eml differs; see the doc comment to regenerate")
        guard !same else { return }
        let ours = message.split(separator: "\r\n", omittingEmptySubsequences: false)
        let theirs = String(decoding: stored, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        if let line = ours.indices.first(where: { $0 >= theirs.count || ours[$0] != theirs[$0] }) {
            Issue.record("first difference at line \(line + 1): \(ours[line])")
        }
    }
}
