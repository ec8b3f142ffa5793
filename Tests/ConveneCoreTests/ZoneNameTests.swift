import Testing

@testable import ConveneCore

/// Zone names as an administrator writes them in a configuration file, and as the
/// machine's own settings give them: only plain names reach the zone folder.
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

    @Test(
        arguments: [
            (":Europe/London", "Europe/London"),
            ("Europe/London", "Europe/London"),
            (":/usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
            ("/usr/share/zoneinfo/posix/Asia/Tokyo", "Asia/Tokyo"),
            ("EST5EDT,M3.2.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0"),
            ("/etc/passwd", nil),
            (":", nil),
            ("", nil),
        ] as [(String, String?)])
    func theTZVariableNamesAZone(value: String, name: String?) {
        #expect(ZoneRules.zoneName(fromTimeZoneVariable: value) == name)
    }

    @Test(
        arguments: [
            ("/usr/share/zoneinfo/Europe/London", "Europe/London"),
            ("../usr/share/zoneinfo/America/New_York", "America/New_York"),
            ("/usr/share/zoneinfo/right/Europe/Berlin", "Europe/Berlin"),
            ("/opt/tz/Pacific/Apia", "Pacific/Apia"),
            ("/usr/share/zoneinfo/", nil),
            ("/etc/timezone", nil),
        ] as [(String, String?)])
    func aLinkTargetUnderAZoneFolderNamesAZone(path: String, name: String?) {
        #expect(ZoneRules.zoneName(fromPath: path, directory: "/opt/tz") == name)
    }

    @Test func theSystemZoneIsAZone() {
        // This machine's own setting, whatever it is; a TZ of a bare rule falls through to it.
        let system = ZoneRules.system
        #expect(ZoneRules(identifier: system.identifier) != nil)
    }
}
