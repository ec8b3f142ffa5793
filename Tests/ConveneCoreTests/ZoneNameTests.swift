import Testing

@testable import ConveneCore

/// Zone names as an administrator writes them in a configuration file: only plain
/// names reach the zone folder.
@Suite struct ZoneNameTests {
    @Test(arguments: [
        "../etc/passwd", "/etc/passwd", "Europe/../../x", "", String(repeating: "A", count: 300), "Europe//London",
        "Europe/London/", "./UTC", "Europe/./London", "Europe/London\u{0}", "Europe/Lon don", "Europé/London", "-UTC",
        "Europe/-London", "zone.tab", "tzdata.zi", "posix/Europe/London", "right/Europe/London", "posixrules", "localtime",
        "Factory", "Europe\\London", "~root",
    ])
    func hostileOrNonZoneNamesAreRefused(name: String) {
        #expect(!ZoneInfoDirectory.isZoneName(name))
        #expect(ZoneRules(identifier: name) == nil)
    }

    @Test(arguments: [
        "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Etc/GMT-14", "EST5EDT", "UTC", "US/Eastern",
    ])
    func plainZoneNamesAreAccepted(name: String) {
        #expect(ZoneInfoDirectory.isZoneName(name))
        #expect(ZoneRules(identifier: name)?.identifier == name)
    }

    @Test func filesInTheZoneFolderThatAreNotZonesAreRefused() {
        // Plain names, but a folder and a text file.
        #expect(ZoneRules(identifier: "Europe") == nil)
        #expect(ZoneRules(identifier: "leapseconds") == nil)
        #expect(ZoneRules(identifier: "Europe/Lodnon") == nil)
        #expect(ZoneRules(identifier: "europe/london") == nil)
    }

    @Test func aLinkGivesTheZoneItLinksTo() throws {
        let eastern = try #require(ZoneRules(identifier: "US/Eastern"))
        let newYork = try #require(ZoneRules(identifier: "America/New_York"))
        #expect(eastern.instants == newYork.instants)
        #expect(eastern.offsets == newYork.offsets)
        #expect(eastern.description == "US/Eastern")
    }

    @Test func utcIsAlwaysThere() {
        #expect(ZoneRules.utc.identifier == "UTC")
        #expect(ZoneRules.utc.offset(atInstant: 0) == 0)
        #expect(ZoneRules.utc.largestForwardJump == 0)
        #expect(ZoneRules.utc.transitions(from: ZoneRules.tableStart, to: ZoneRules.tableEnd).isEmpty)
    }
}
