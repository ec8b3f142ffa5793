import ConveneCore

// MARK: - Overrides: Writes

extension Store {
    /// Records a coordinator's override with who made it and when, and returns its id.
    /// Overrides are only ever added: a change of mind is a new override (`restore`),
    /// so the trail shows every decision.
    @discardableResult
    public func record(_ override: Override, by who: String, at when: Int) throws -> Int64 {
        try write("record an override of \(override.uid)") { db in
            try db.execute(OverrideRow.insertSQL, OverrideRow(override, madeBy: who, madeAt: when).arguments)
            return db.lastInsertedRowID
        }
    }
}

// MARK: - Overrides: Reads

extension Store {
    /// Every override in the order made: the scheduler's input.
    public func overrides() throws -> [Override] {
        try overrideHistory(uid: nil).map(\.override)
    }

    /// The audit trail, in the order made, optionally for one occurrence.
    public func overrideHistory(uid: String? = nil) throws -> [OverrideEntry] {
        try read("read the override history") { db in
            // Two statements rather than `?1 IS NULL OR uid = ?1`, so one occurrence's
            // history is found through the index on uid.
            let rows =
                if let uid {
                    try db.rows("SELECT * FROM override WHERE uid = ? ORDER BY id", [uid], OverrideRow.init)
                } else {
                    try db.rows("SELECT * FROM override ORDER BY id", [], OverrideRow.init)
                }
            return try rows.map { try $0.entry() }
        }
    }
}
