extension StringProtocol {
    /// The text without the blanks at either end that Foundation's `CharacterSet.whitespaces`
    /// names: what `trimmingCharacters(in: .whitespaces)` gives, without Foundation. Line
    /// breaks are kept.
    public func trimmingSpaces() -> String {
        trimmingScalars(where: Self.isSpace)
    }

    /// The text without the blanks and line breaks at either end that Foundation's
    /// `CharacterSet.whitespacesAndNewlines` names: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without Foundation.
    public func trimmingSpacesAndNewlines() -> String {
        trimmingScalars(where: { Self.isSpace($0) || Self.isNewline($0) })
    }

    /// Trimmed scalar by scalar, as Foundation trims: a combining mark after a trimmed
    /// space stays.
    private func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        return String(Substring(scalars[first...last]))
    }

    /// Tab, space and the Unicode space separators, and U+200B ZERO WIDTH SPACE, which
    /// Foundation still counts (Unicode moved it out of the separators in 4.0.1).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Line feed, vertical tab, form feed, carriage return, next line (U+0085) and the
    /// line and paragraph separators (U+2028, U+2029).
    static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
