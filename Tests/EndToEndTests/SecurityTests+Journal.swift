import ConveneTestSupport
import Foundation
import Testing

extension SecurityTests {
    /// The journal is read by more people than the spool and kept longer, so above
    /// debug level it names forums, files and ids, never a contact. The daemon runs as
    /// the shipped unit (logging to journald, at debug level so the filter is the
    /// priority, not the level) through a whole life: start, invitations written, a
    /// forum whose spool cannot be written, a broken reload with the errors on contact
    /// lines, a valid reload, a cancel and a move over the socket, and stop.
    @Suite(.serialized) struct Journal {
        static let written = "60bea676bcf046a19dc31d58d384baee"
        static let retry = "8d34e34b895d46edaf929eaf88fc03d2"
        static let reloadFailed = "c0a00b7d48c74cec8a566ebbf0fc28f4"
        static let configLoaded = "56ad0b5b7c94479e91460672fa854559"

        /// Each forum's contacts as `(name, email)`.
        static let contacts: [String: [(name: String, email: String)]] = [
            "north-parents": [
                ("Philippa Quennell-Ashdown", "philippa.quennell@contacts.example.org"),
                ("Oluwaseun Adeyemi-Hart", "o.adeyemi-hart@contacts.example.org"),
            ],
            "south-carers": [("Tomasz Wierzbicki-Lane", "t.wierzbicki@contacts.example.org")],
            "stuck-forum": [("Marguerite Okonkwo-Fairley", "m.okonkwo@contacts.example.org")],
        ]

        /// The broken reload: a mistyped address on a contact line, a contact written as
        /// one string (the value of `contacts` is then a name and an address), and an
        /// address without quotes (a TOML syntax error, found before any key is read).
        static let brokenAddress = "philippa.quennell@contacts-example"
        static let broken = [
            "north-parents": forumFile(
                name: "North Parents",
                contacts: [
                    ("Philippa Quennell-Ashdown", brokenAddress),
                    ("Oluwaseun Adeyemi-Hart", "o.adeyemi-hart@contacts.example.org"),
                ]),
            "south-carers": """
            name     = "South Carers"
            district = "north"
            contacts = "Tomasz Wierzbicki-Lane <t.wierzbicki@contacts.example.org>"

            """,
            "stuck-forum": """
            name     = "Stuck Forum"
            district = "north"
            contacts = [{ name = "Marguerite Okonkwo-Fairley", email = m.okonkwo@contacts.example.org }]

            """,
        ]

        /// What must not be in the journal above debug level: names, addresses, and the
        /// addresses' local parts.
        static var personal: [String] {
            contacts.values.flatMap { $0 }.flatMap { [$0.name, $0.email, String($0.email.prefix { $0 != "@" })] }
                + [brokenAddress]
        }

        static func forumFile(name: String, contacts: [(String, String)]) -> String {
            """
            name     = "\(name)"
            district = "north"
            contacts = [
            \(contacts.map { "  { name = \"\($0.0)\", email = \"\($0.1)\" }," }.joined(separator: "\n"))
            ]

            """
        }

        static func writeValidForum(_ id: String, to unit: UserUnit) throws {
            let name = id.split(separator: "-").map { $0.capitalized }.joined(separator: " ")
            try forumFile(name: name, contacts: contacts[id]!.map { ($0.name, $0.email) })
                .write(toFile: unit.config + "/forums/\(id).toml", atomically: true, encoding: .utf8)
        }

        @Test func noContactsNameOrAddressReachesTheJournalAboveDebugLevel() throws {
            try SystemdUserManager.require()
            let unit = try UserUnit(daemonArguments: ["--log-level", "debug"])
            defer { unit.remove() }
            try ServiceConfiguration.write(to: unit.config, forums: 0)
            for id in Self.contacts.keys { try Self.writeValidForum(id, to: unit) }
            // A file where stuck-forum's Maildir should be: its folders cannot be made.
            try FileManager.default.createDirectory(atPath: unit.spool, withIntermediateDirectories: true)
            try "not a folder\n".write(toFile: unit.spool + "/stuck-forum", atomically: false, encoding: .utf8)

            let start = try unit.systemctl("start")
            try #require(start.status == 0, "\(start.stderr)")
            try Self.waitForEntries(unit, "invitations and the retry warning") { entries in
                Set(entries.filter { $0["MESSAGE_ID"] == Self.written }.compactMap { $0["FORUM_ID"] })
                    == ["north-parents", "south-carers"]
                    && entries.contains { $0["MESSAGE_ID"] == Self.retry && $0["FORUM_ID"] == "stuck-forum" }
            }

            for (id, text) in Self.broken {
                try text.write(toFile: unit.config + "/forums/\(id).toml", atomically: true, encoding: .utf8)
            }
            #expect(try unit.systemctl("reload").status != 0, "a refused configuration fails the reload job")
            try Self.waitForEntries(unit, "the failed reload") { entries in
                entries.contains { $0["MESSAGE_ID"] == Self.reloadFailed && $0["MESSAGE"]?.contains("still running") == true }
            }
            // The admin can still find each error: file, line, column and key.
            let failures = try unit.journal(["MESSAGE_ID=\(Self.reloadFailed)"]).filter { $0["CONFIG_LINE"] != nil }
            #expect(failures.count == 3, "\(failures)")
            #expect(
                failures.contains {
                    $0["CONFIG_FILE"] == unit.config + "/forums/north-parents.toml" && $0["CONFIG_LINE"] == "4"
                        && $0["CONFIG_COLUMN"] != nil && $0["CONFIG_KEY"] == "contacts[0].email"
                }, "\(failures)")
            #expect(
                failures.contains {
                    $0["CONFIG_FILE"] == unit.config + "/forums/south-carers.toml" && $0["CONFIG_LINE"] == "3"
                        && $0["CONFIG_KEY"] == "contacts"
                }, "\(failures)")
            #expect(
                failures.contains {
                    $0["CONFIG_FILE"] == unit.config + "/forums/stuck-forum.toml" && $0["CONFIG_LINE"] == "3"
                        && $0["MESSAGE"]?.contains("found an unquoted email address") == true
                }, "\(failures)")

            for id in Self.broken.keys { try Self.writeValidForum(id, to: unit) }
            #expect(try unit.systemctl("reload").status == 0)
            try Self.waitForEntries(unit, "the valid reload") { entries in
                entries.filter { $0["MESSAGE_ID"] == Self.configLoaded }.count == 2
            }

            let (first, second) = try Self.twoInvitedMeetings(unit)
            let cancel = try SecurityTests.curl(
                unit.socketPath, "POST", "/v1/occurrences/\(first.uid)/cancel",
                body: #"{"reason":"The hall is flooded"}"#)
            #expect(cancel.status == 200, "\(cancel)")
            let move = try SecurityTests.curl(
                unit.socketPath, "POST", "/v1/occurrences/\(second.uid)/move",
                body: #"{"start":"\#(second.date)T20:00","reason":"Clashes with the SEND inspection"}"#)
            #expect(move.status == 200, "\(move)")
            try Self.waitForEntries(unit, "the cancellation and the update") { entries in
                let kinds = Set(
                    entries.filter { $0["MESSAGE_ID"] == Self.written && $0["FORUM_ID"] == "north-parents" }
                        .compactMap { $0["KIND"] })
                return kinds.isSuperset(of: ["cancellation", "update"])
            }

            let pid = unit.mainPID
            #expect(try unit.systemctl("stop").status == 0)
            try Self.waitForEntries(unit, "the stop") { entries in
                entries.contains { $0["_PID"] == "\(pid)" && $0["MESSAGE"]?.hasPrefix("stopping") == true }
            }

            let entries = try Self.entries(unit)
            let debug = entries.filter { $0["PRIORITY"] == "7" }
            let above = entries.filter { Int($0["PRIORITY"] ?? "") ?? 0 < 7 }
            #expect(above.count >= 10 && !debug.isEmpty, "\(above.count) entries above debug level, \(debug.count) at it")
            for entry in above {
                for (field, value) in entry {
                    for text in Self.personal where value.contains(text) {
                        Issue.record("\(text) in \(field) of: \(entry["MESSAGE"] ?? "")")
                    }
                }
            }
        }

        // MARK: - Helpers

        struct Meeting: CustomStringConvertible {
            let uid: String
            /// Its local date, `2027-03-10`.
            let date: String
            var description: String { "\(uid) on \(date)" }
        }

        /// Every journal entry of the service and about it (the manager's own lines), each
        /// field a string: binary fields, which `journalctl -o json` gives as byte arrays,
        /// decoded as UTF-8 so that nothing escapes the check.
        static func entries(_ unit: UserUnit) throws -> [[String: String]] {
            let result = try Subprocess.run(
                URL(fileURLWithPath: "/usr/bin/journalctl"),
                [
                    "--no-pager", "-o", "json", "_SYSTEMD_UNIT=\(unit.service)", "+",
                    "USER_UNIT=\(unit.service)", "+", "UNIT=\(unit.service)",
                ])
            return result.stdout.split(separator: "\n").compactMap { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return object.compactMapValues { value in
                    if let text = value as? String { return text }
                    if let bytes = value as? [Int] {
                        return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
                    }
                    return "\(value)"
                }
            }
        }

        static func waitForEntries(_ unit: UserUnit, _ what: String, until condition: ([[String: String]]) -> Bool) throws {
            try SystemdUserManager.wait(what, timeout: .seconds(60)) { condition(try entries(unit)) }
        }

        /// Two meetings of one year, at least two days ahead, whose invitations every
        /// forum that can be written to has had.
        static func twoInvitedMeetings(_ unit: UserUnit) throws -> (Meeting, Meeting) {
            let today = RunningDaemon.today
            let (code, body) = try unit.request("GET", "/v1/notifications?forum=north-parents")
            try #require(code == 200, "\(body)")
            let rows =
                (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["notifications"]
                as? [[String: Any]] ?? []
            let invited = Set(
                rows.filter { $0["kind"] as? String == "invitation" && $0["written_at"] is String }
                    .compactMap { $0["occurrence"] as? String })
            let (scheduleCode, schedule) = try unit.request(
                "GET", "/v1/schedule?from=\(today.adding(days: 2))&to=\(today.adding(days: 16))")
            try #require(scheduleCode == 200, "\(schedule)")
            let meetings =
                ((try JSONSerialization.jsonObject(with: Data(schedule.utf8)) as? [String: Any])?["occurrences"]
                as? [[String: Any]] ?? []).compactMap { item -> Meeting? in
                    guard let uid = item["uid"] as? String, invited.contains(uid), let start = item["start"] as? String,
                        item["status"] as? String == "scheduled"
                    else { return nil }
                    return Meeting(uid: uid, date: String(start.prefix(10)))
                }
            let pair = zip(meetings, meetings.dropFirst()).first { $0.date.prefix(4) == $1.date.prefix(4) }
            return try #require(pair, "two invited meetings in one year: \(meetings)")
        }
    }
}
