import ConveneTestSupport
import Foundation
import Testing

extension SecurityTests {
    /// An id that must never become a path: a way out of the spool, or a look-alike of
    /// a real id that would make a second folder for the same forum.
    struct BadIdentifier: Sendable, CustomTestStringConvertible {
        let label: String
        let text: String
        /// What the refusal says, when the id is a value in a file.
        let says: String

        var testDescription: String { label }

        static let all: [BadIdentifier] = [
            .init(label: "../escape", text: "../escape", says: "must start with a letter a–z"),
            .init(label: "..", text: "..", says: "must start with a letter a–z"),
            .init(label: "/etc/x", text: "/etc/x", says: "must start with a letter a–z"),
            .init(label: "a/b", text: "a/b", says: "is not a valid id"),
            .init(label: "a NUL inside", text: "a\u{0}b", says: "must not contain control characters"),
            .init(label: "65 characters", text: String(repeating: "a", count: 65), says: "is longer than 64 characters"),
            .init(
                label: "4,000 characters", text: String(repeating: "a", count: 4000),
                says: "is 4000 characters long; at most 500 allowed"),
            .init(label: "upper case", text: "Redditch", says: #"not upper-case "R"; did you mean "redditch"?"#),
            .init(
                label: "Cyrillic a (U+0430)", text: "redditch-p\u{430}rents",
                says: "character 11 is \"\u{430}\" (U+0430 CYRILLIC SMALL LETTER A)"),
            .init(
                label: "fullwidth letters", text: "\u{FF52}\u{FF45}\u{FF44}\u{FF44}\u{FF49}\u{FF54}\u{FF43}\u{FF48}",
                says: "must start with a letter a–z"),
            .init(label: "a combining mark", text: "re\u{301}dditch", says: "is not a valid id"),
            .init(
                label: "a trailing zero-width space", text: "redditch\u{200B}",
                says: "character 9 is (U+200B ZERO WIDTH SPACE)"),
            .init(label: "U+2215 division slash", text: "redditch\u{2215}etc", says: "is not a valid id"),
            .init(label: "U+2024 one dot leader twice", text: "\u{2024}\u{2024}", says: "must start with a letter a–z"),
        ]

        /// Whether a file can be named `<text>.toml` and read as a forum or series: no
        /// "/" or NUL, short enough for NAME_MAX, not hidden (the loader skips hidden
        /// files like editor backups, so `...toml` is never read at all).
        var canNameAFile: Bool {
            !text.contains("/") && !text.contains("\u{0}") && text.utf8.count <= 250 && !text.hasPrefix(".")
        }

        /// The id as a TOML basic string, control characters escaped, the rest as typed.
        var quoted: String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    result += String(format: "\\u%04X", scalar.value)
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
    }

    /// Where a bad id goes in a configuration, and what the refusal must name.
    enum Place: String, Sendable, CaseIterable {
        case venue, district, forumFile = "forum file name", seriesFile = "series file name", invite
    }

    /// One bad id in one place.
    struct ConfigurationCase: Sendable, CustomTestStringConvertible {
        let place: Place
        let id: BadIdentifier

        var testDescription: String { "\(id.label) as \(place.rawValue)" }

        static let all: [ConfigurationCase] = Place.allCases.flatMap { place in
            BadIdentifier.all
                .filter { place != .forumFile && place != .seriesFile || $0.canNameAFile }
                .map { ConfigurationCase(place: place, id: $0) }
        }

        /// Writes the bad id into the test configuration in `folder` (as `ServiceConfiguration`
        /// wrote it); returns the file the refusal must name and what its line must say
        /// there (the key path, the problem).
        func write(into folder: String) throws -> (file: String, says: [String]) {
            let main = folder + "/convened.toml"
            switch place {
            case .venue:
                try append(
                    """
                    [[venue]]
                    id        = \(id.quoted)
                    name      = "Hall"
                    district  = "north"
                    capacity  = 10
                    step_free = true
                    """, to: main)
                return (main, ["error: venue[0].id: ", id.says])
            case .district:
                try append("[[district]]\nid   = \(id.quoted)\nname = \"Other\"", to: main)
                return (main, ["error: district[1].id: ", id.says])
            case .forumFile:
                let file = folder + "/forums/\(id.text).toml"
                try "name = \"Other\"\ndistrict = \"north\"\ncontacts = [{ name = \"S\", email = \"s@example.org\" }]\n"
                    .write(toFile: file, atomically: false, encoding: .utf8)
                return (file, ["error: the file name gives the id, and ", id.says])
            case .seriesFile:
                let file = folder + "/meetings/\(id.text).toml"
                try ServiceConfiguration.series("other", rule: "FREQ=WEEKLY", start: "20:00")
                    .write(toFile: file, atomically: false, encoding: .utf8)
                return (file, ["error: the file name gives the id, and ", id.says])
            case .invite:
                let file = folder + "/meetings/daily.toml"
                let series = try String(contentsOfFile: file, encoding: .utf8)
                try #require(series.contains(#"invite    = ["*"]"#))
                try series.replacingOccurrences(of: #"invite    = ["*"]"#, with: "invite    = [\(id.quoted)]")
                    .write(toFile: file, atomically: false, encoding: .utf8)
                return (file, ["error: invite[0]: unknown forum "])
            }
        }

        private func append(_ text: String, to file: String) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(("\n" + text + "\n").utf8))
        }
    }

    /// Whether `output` has a diagnostic line for `file` saying each of `says`.
    static func refuses(_ output: String, file: String, says: [String]) -> Bool {
        output.split(separator: "\n").contains { line in line.contains(file + ":") && says.allSatisfy { line.contains($0) } }
    }
}
