/// A council officer who owns actions on what forums raise ("You said, we did"), and is
/// reminded of them before and after their due dates.
public struct Officer: Hashable, Sendable, Identifiable {
    /// Also the name of the officer's spool folder (`_officers/<id>`), so restricted to
    /// `[a-z][a-z0-9-]*`.
    public let id: String
    /// "Priya Shah, Head of SEND": as forums read it in the monthly digest.
    public let name: String
    public let email: String

    public init(id: String, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }
}
