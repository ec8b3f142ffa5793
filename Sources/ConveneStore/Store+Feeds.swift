// MARK: - Feed tokens

extension Store {
    /// Each forum's feed token (forum id → token), making one for each of `forums` that
    /// has none. Tokens of forums no longer configured are kept: the forum may come
    /// back, and its address with it.
    public func feedTokens(ensuring forums: [String], at now: Int) throws -> [String: String] {
        try write("make feed tokens") { db in
            var tokens = try Self.feedTokens(db)
            for forum in forums where tokens[forum] == nil {
                let token = FeedTokenValue.random()
                try db.execute("INSERT INTO feedToken (forum, token, madeAt) VALUES (?, ?, ?)", [forum, token, now])
                tokens[forum] = token
            }
            return tokens
        }
    }

    /// A new token for `forum`; the old one stops working.
    public func rotateFeedToken(forum: String, at now: Int) throws -> String {
        try write("rotate \(forum)'s feed token") { db in
            let token = FeedTokenValue.random()
            try db.execute("INSERT OR REPLACE INTO feedToken (forum, token, madeAt) VALUES (?, ?, ?)", [forum, token, now])
            return token
        }
    }

    private static func feedTokens(_ db: SQLiteConnection) throws -> [String: String] {
        let rows = try db.rows("SELECT forum, token FROM feedToken") { row -> (String, String) in try (row[0], row[1]) }
        return Dictionary(uniqueKeysWithValues: rows)
    }
}

/// 128 bits from the kernel's random source, as 26 characters of lower-case RFC 4648
/// base32 (letters and 2–7: safe in a path, easy to read aloud).
enum FeedTokenValue {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base32(bytes)
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".unicodeScalars)
        var out = String.UnicodeScalarView()
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(out)
    }
}
