import ConveneCore
import Testing

/// What an admin is told about a bad id: the character at fault, by position and code
/// point, since a look-alike or invisible one reads like the real thing on screen.
@Suite struct IdentifierTests {
    @Test(arguments: [
        ("redditch-p\u{430}rents", #"is not a valid id: character 11 is "а" (U+0430 CYRILLIC SMALL LETTER A); ids use"#),
        ("redditch\u{200B}", "is not a valid id: character 9 is (U+200B ZERO WIDTH SPACE); ids use"),
        ("re\u{301}dditch", "is not a valid id: character 3 is (U+0301 COMBINING ACUTE ACCENT); ids use"),
        ("north parents", "is not a valid id: character 6 is a space; ids use"),
        ("north-pa\rents", "is not a valid id: character 9 is U+000D (a control character); ids use"),
        ("north/parents", #"is not a valid id: character 6 is "/"; ids use"#),
        ("1st-forum", #"must start with a letter a–z, not "1"; ids use"#),
        ("\u{FF52}edditch", #"must start with a letter a–z, not "ｒ" (U+FF52 FULLWIDTH LATIN SMALL LETTER R); ids use"#),
    ])
    func theCharacterAtFaultIsNamed(id: String, says: String) {
        let problem = Identifier.problem(id)
        #expect(problem?.hasPrefix("\"\(id)\" \(says)") == true, "\(problem ?? "valid")")
    }

    @Test func upperCaseIsSaidSoWithTheLowerCaseIdSuggested() {
        #expect(
            Identifier.problem("Redditch-Parents")
                == #""Redditch-Parents" must start with a letter a–z, not upper-case "R"; did you mean "redditch-parents"?"#)
        #expect(
            Identifier.problem("north-Parents")
                == #""north-Parents" is not a valid id: character 7 is upper-case "P"; did you mean "north-parents"?"#)
        #expect(
            Identifier.problem("North Parents")?.contains("did you mean") == false,
            "no suggestion that would be refused too")
    }

    @Test(arguments: ["", "a--b", "north-", String(repeating: "a", count: 65)])
    func otherShapesAreRefused(id: String) {
        #expect(Identifier.problem(id) != nil)
    }

    @Test(arguments: ["redditch-send-parents", "a", "forum-2027", String(repeating: "a", count: 64)])
    func goodIdsPass(id: String) {
        #expect(Identifier.problem(id) == nil)
    }
}
