/// A place in a TOML document, as an editor shows it, so that configuration errors
/// can say `FILE:LINE:COLUMN` and a person can jump straight to the problem.
///
/// Both numbers start at 1. The column counts Unicode scalars, not bytes: a key
/// after `"café" = 1` on the same line is reported where the cursor would be.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The line, counting from 1.
    public let line: Int
    /// The column, counting Unicode scalars from 1.
    public let column: Int

    /// Makes a position from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders positions as they occur in the document.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `LINE:COLUMN`, the form that follows the file name in a message.
    public var description: String { "\(line):\(column)" }
}
