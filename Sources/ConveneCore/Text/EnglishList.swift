/// Items as a sentence lists them: "a", "a and b", "a, b and c" (or "or").
public enum EnglishList {
    public static func joined(_ items: [String], or: Bool = false) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + items.last!
    }
}
