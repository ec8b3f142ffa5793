import ConveneCore
import Foundation
import Testing

/// The Foundation-free trimming and path helpers give what Foundation gives: compared
/// with `trimmingCharacters(in:)` and `NSString`'s path methods directly.
@Suite struct TextTests {
    /// Every blank Foundation knows is below U+3100; a few beyond it stand for the rest.
    @Test func everyScalarIsTrimmedExactlyWhenFoundationTrimsIt() {
        for value in Array(UInt32(0)..<0x3100) + [0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "a" + String(scalar)
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            #expect(
                text.trimmingSpacesAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "U+\(String(value, radix: 16))")
        }
    }

    @Test(arguments: [
        "", " ", "\t\n", "a", " a ", "\t a b \t", "\n a \r\n", "\u{A0}a\u{3000}", "\u{200B}a", " \u{301}x",
        "x \u{301}", "\r\n", "a\u{2028}", "\u{85}a\u{85}", "é ", " 😀 ",
    ])
    func textIsTrimmedAsFoundationTrimsIt(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmingSpacesAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text[...].trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    // A bare name of one character is left out: NSString traps on it (swift-corelibs-foundation).
    @Test(arguments: [
        "", "/", "ab", "convened.toml", "x/a", "/a", "a//b", "//a", "./a", "../a/b", "..", "a/.", "ab/", "ab//",
        "config//convened.toml", "/a/b//", "a/b/", "~/x/y", "a/b/../c", "/a/./b", "a//b//c", "/a//b/c", "//a/b",
        "ab//cd//ef//", "././ab", "////ab", "/etc/convened/convened.toml", "é/x", "/é", "ab/é",
    ])
    func theFolderOfAPathIsFoundations(_ path: String) {
        #expect(PathName.folder(of: path) == (path as NSString).deletingLastPathComponent)
    }

    @Test func pathsFoundationCannotSplitAreSplitTheSameWay() {
        #expect(PathName.folder(of: "a") == "")
        #expect(PathName.folder(of: "a/") == "")
        #expect(PathName.folder(of: "//") == "")
    }

    @Test(arguments: [
        ("a", "b"), ("ab", "cd"), ("ab/", "cd"), ("/", "cd"), ("//", "cd"), ("ab", "/cd"), ("ab/", "/cd"), ("ab//", "cd"),
        ("ab", "cd/"), ("/etc", "conf.d"), (".", "x"), ("..", "x"), ("ab/cd", "c.toml"), ("ab", "../cd"), ("", "b"),
        ("ab", ""), ("ab/", ""),
    ])
    func aNameInAFolderIsFoundations(_ folder: String, _ name: String) {
        #expect(PathName.appending(name, to: folder) == (folder as NSString).appendingPathComponent(name))
    }
}
