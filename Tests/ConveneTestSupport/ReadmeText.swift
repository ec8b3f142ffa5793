import Foundation

/// Blocks of the README that tests use as an admin would copy them.
public enum ReadmeText {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The drop-in the README gives for Postfix's sendmail: the block under
    /// `# /etc/systemd/system/convened.service.d/postfix.conf`, up to the code fence.
    public static func postfixDropIn() throws -> String {
        let readme = try String(contentsOf: RepositoryPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let heading = "# /etc/systemd/system/convened.service.d/postfix.conf\n"
        guard let start = readme.range(of: heading)?.upperBound, let end = readme[start...].range(of: "\n```")?.lowerBound
        else { throw Missing(description: "the README has no Postfix drop-in under \"\(heading.dropLast())\"") }
        return String(readme[start..<end]) + "\n"
    }
}
