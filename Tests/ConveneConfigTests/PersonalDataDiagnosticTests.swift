import Testing

/// Diagnostics reach the journal (a failed reload logs each one), so they locate a bad
/// contact by file, line, column and key path and never quote the address or name.
@Suite struct PersonalDataDiagnosticTests {
    static let forum = "forums/north-parents.toml"

    @Test(arguments: [
        ("dana.okafor@contacts", #"contacts[0].email: is not an email address: the part after the "@" is not a domain"#),
        ("dana.okafor.contacts.example.org", #"contacts[0].email: is not an email address: it has no "@""#),
        ("dana@okafor@example.org", #"contacts[0].email: is not an email address: it has more than one "@""#),
        ("Dana Okafor <dana.okafor@example.org>", "contacts[0].email: is not an email address: it contains a space"),
        ("dana.okafór@example.org", "contacts[0].email: is not an email address: it contains a character outside ASCII"),
    ])
    func aBadAddressIsLocatedButNotQuoted(address: String, says: String) throws {
        let configuration = try TemporaryConfiguration()
        try configuration.write(
            """
            name     = "North Parents"
            district = "north"
            contacts = [{ name = "Dana Okafor", email = "\(address)" }]

            """, to: Self.forum)
        let errors = configuration.load().errors
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.hasPrefix("\(Self.forum):3:") == true && errors.first?.contains(": error: \(says)") == true,
            "\(errors)")
        #expect(!errors.joined().contains(address) && !errors.joined().contains("Dana Okafor"), "\(errors)")
    }

    @Test(arguments: [
        (
            #"contacts = "Dana Okafor <dana.okafor@example.org>""#,
            "contacts: expected an array of { name, email } tables, found string"
        ),
        (
            #"contacts = [{ name = "Dana Okafor", email = ["dana.okafor@example.org"] }]"#,
            "contacts[0].email: expected a string, found array"
        ),
    ])
    func aContactOfTheWrongTypeIsNotQuoted(line: String, says: String) throws {
        let configuration = try TemporaryConfiguration()
        try configuration.write("name = \"North Parents\"\ndistrict = \"north\"\n\(line)\n", to: Self.forum)
        let errors = configuration.load().errors
        #expect(errors.count == 1 && errors[0].hasSuffix(says), "\(errors)")
        #expect(!errors.joined().contains("dana.okafor@example.org"), "\(errors)")
    }

    /// Other values are still quoted: they are what the admin typed and needs to see.
    @Test func otherValuesOfTheWrongTypeAreStillShown() throws {
        let configuration = try TemporaryConfiguration()
        try configuration.write(
            "name = \"North Parents\"\ndistrict = 7\ncontacts = [{ name = \"S\", email = \"s@example.org\" }]\n",
            to: Self.forum)
        #expect(configuration.load().errors == ["\(Self.forum):2:12: error: district: expected a string, found integer 7"])
    }
}
