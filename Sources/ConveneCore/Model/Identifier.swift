/// The rule for ids of forums, series, venues and districts. A forum's id names its
/// spool folder and a series' id is part of every UID, so ids are kept to what is
/// safe everywhere: lower-case ASCII letters, digits and single hyphens, starting with
/// a letter, at most 64 characters. No `..`, `/`, NUL or look-alike letters can pass.
public enum Identifier {
    public static let maxLength = 64

    public static func isValid(_ text: String) -> Bool { problem(text) == nil }

    /// Why `text` is not a valid id, or nil if it is.
    public static func problem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let rule = "ids use lower-case letters a–z, digits and hyphens, starting with a letter (e.g. \"redditch-send-parents\")"
        guard !bytes.isEmpty else { return "an id must not be empty; \(rule)" }
        guard bytes.count <= maxLength else { return "\"\(text)\" is longer than \(maxLength) characters" }
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return "\"\(text)\" must start with a letter a–z; \(rule)"
        }
        for byte in bytes {
            let ok = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            guard ok else { return "\"\(text)\" is not a valid id; \(rule)" }
        }
        guard bytes.last != UInt8(ascii: "-"), !text.contains("--") else {
            return "\"\(text)\" must not end with a hyphen or contain two in a row; \(rule)"
        }
        return nil
    }
}
