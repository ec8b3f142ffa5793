/// Why a document is not valid TOML, and where: parsing stops at the first problem.
public struct TOMLParseError: Error, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public let position: SourcePosition
    /// What is wrong, in words a person editing the file understands, e.g.
    /// `expected '=' after the key "name", found a newline`.
    public let message: String

    /// Makes an error at `position`.
    public init(position: SourcePosition, message: String) {
        self.position = position
        self.message = message
    }

    /// `LINE:COLUMN: message`; the caller puts the file name in front.
    public var description: String { "\(position): \(message)" }
}
