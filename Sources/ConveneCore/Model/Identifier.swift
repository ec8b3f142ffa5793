/// The rule for ids of forums, series, venues and districts. A forum's id names its
/// spool folder and a series' id is part of every UID, so ids are kept to what is
/// safe everywhere: lower-case ASCII letters, digits and single hyphens, starting with
/// a letter, at most 64 characters. No `..`, `/`, NUL or look-alike letters can pass.
public enum Identifier {
    public static let maxLength = 64

    public static func isValid(_ text: String) -> Bool { problem(text) == nil }

    /// Why `text` is not a valid id, or nil if it is. Names the first character at
    /// fault by position and code point (a look-alike letter or an invisible one reads
    /// the same as the real thing) and suggests the lower-case id when that is valid.
    public static func problem(_ text: String) -> String? {
        let rule = "ids use lower-case letters a–z, digits and hyphens, starting with a letter (e.g. \"redditch-send-parents\")"
        guard !text.isEmpty else { return "an id must not be empty; \(rule)" }
        guard text.utf8.count <= maxLength else { return "\"\(text)\" is longer than \(maxLength) characters" }
        let lowered = text.lowercased()
        let hint = lowered != text && problem(lowered) == nil ? "; did you mean \"\(lowered)\"?" : "; \(rule)"
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where !(isLetter(scalar) || offset > 0 && (isDigit(scalar) || scalar == "-")) {
            return offset == 0
                ? "\"\(text)\" must start with a letter a–z, not \(describe(scalar))\(hint)"
                : "\"\(text)\" is not a valid id: character \(offset + 1) is \(describe(scalar))\(hint)"
        }
        guard !text.hasSuffix("-"), !text.contains("--") else {
            return "\"\(text)\" must not end with a hyphen or contain two in a row; \(rule)"
        }
        return nil
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// A character as an admin can find it: upper case said so, anything beyond ASCII
    /// by code point and name, with the glyph only where it shows.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if ("A"..."Z").contains(scalar) { return "upper-case \"\(scalar)\"" }
        if scalar == " " { return "a space" }
        if (0x21..<0x7F).contains(scalar.value) { return "\"\(scalar)\"" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let category = scalar.properties.generalCategory
        let glyph = unseen.contains(category) ? "" : "\"\(scalar)\" "
        if let name = scalar.properties.name ?? scalar.properties.nameAlias { return "\(glyph)(\(code) \(name))" }
        return glyph + code + (category == .control ? " (a control character)" : "")
    }

    /// Characters that show as nothing, or as part of their neighbour.
    private static let unseen: Set<Unicode.GeneralCategory> = [
        .nonspacingMark, .enclosingMark, .spacingMark, .format, .control, .spaceSeparator, .lineSeparator,
        .paragraphSeparator, .unassigned, .privateUse, .surrogate,
    ]
}
