/// A message to hand to the MTA again: the forum's current message about a meeting still
/// ahead, for a contact's new address after the old one bounced.
public struct Resend: Sendable, Equatable {
    public let notification: String
    public let forum: String
    public let fileName: String
    public let address: String

    public init(notification: String, forum: String, fileName: String, address: String) {
        self.notification = notification
        self.forum = forum
        self.fileName = fileName
        self.address = address
    }
}

extension Store {
    /// Notes when each contact address was first configured (addresses lower-cased).
    public func noteContacts(_ contacts: [(forum: String, address: String)], at now: Int) throws {
        try write("note the contacts") { db in
            let statement = try db.cachedStatement("INSERT OR IGNORE INTO contact (forum, address, firstSeen) VALUES (?, ?, ?)")
            for contact in contacts { try statement.execute([contact.forum, contact.address.lowercased(), now]) }
        }
    }

    /// For each forum whose bounced address is no longer among `contacts`, its addresses
    /// configured since that bounce, each with the forum's latest written message about
    /// every meeting starting after `now` (not a cancellation), unless already handed over.
    public func resends(contacts: [(forum: String, address: String)], now: Int) throws -> [Resend] {
        let configured = Set(contacts.map { $0.forum + "\u{0}" + $0.address.lowercased() })
        return try read("read what to send to new addresses") { db in
            var resends: [Resend] = []
            var since: [String: Int] = [:]
            for bounce in try Self.bounces(db)
            where bounce.address != "erased" && !configured.contains(bounce.forum + "\u{0}" + bounce.address) {
                since[bounce.forum] = min(since[bounce.forum] ?? Int.max, bounce.bouncedAt)
            }
            for (forum, bouncedAt) in since.sorted(by: { $0.key < $1.key }) {
                let addresses = try db.rows(
                    "SELECT address, firstSeen FROM contact WHERE forum = ? AND firstSeen >= ? ORDER BY address",
                    [forum, bouncedAt]
                ) { row -> (address: String, firstSeen: Int) in try (row["address"], row["firstSeen"]) }
                for (address, firstSeen) in addresses where configured.contains(forum + "\u{0}" + address) {
                    // What the forum had been told before this address was configured; what
                    // was written since went to it already.
                    let latest = try db.rows(
                        """
                        SELECT id, fileName, kind, MAX(sequence * 1000000000000 + writtenAt) FROM notification
                        WHERE forum = ? AND start > ? AND state != 'superseded' AND fileName IS NOT NULL
                            AND writtenAt < ?
                        GROUP BY occurrence ORDER BY start
                        """, [forum, now, firstSeen]
                    ) { row -> (id: String, fileName: String, kind: String) in try (row["id"], row["fileName"], row["kind"]) }
                    for message in latest where message.kind != "cancellation" {
                        let done: Bool? = try db.value(
                            "SELECT handedOffAt IS NOT NULL FROM handoff WHERE notification = ? AND recipients = ?",
                            [message.id, address])
                        if done != true {
                            resends.append(
                                Resend(notification: message.id, forum: forum, fileName: message.fileName, address: address))
                        }
                    }
                }
            }
            return resends
        }
    }

    /// Records a hand-off to the MTA: taken at `at`, or refused with `error`.
    public func recordHandoff(notification: String, recipients: String, why: String, at now: Int?, error: String?) throws {
        try write("record a hand-off") { db in
            try db.execute(
                """
                INSERT INTO handoff (notification, recipients, why, handedOffAt, attempts, error) VALUES (?, ?, ?, ?, 1, ?)
                ON CONFLICT (notification, recipients) DO UPDATE SET
                    handedOffAt = excluded.handedOffAt, attempts = attempts + 1, error = excluded.error
                """, [notification, recipients, why, now, error])
        }
    }
}
