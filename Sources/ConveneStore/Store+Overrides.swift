import ConveneCore
import GRDB

// MARK: - Overrides: Writes

extension Store {
    /// Records a coordinator's override with who made it and when, and returns its id.
    /// Overrides are only ever added: a change of mind is a new override (`restore`),
    /// so the trail shows every decision.
    @discardableResult
    public func record(_ override: Override, by who: String, at when: Int) throws -> Int64 {
        try write("record an override of \(override.uid)") { db in
            var row = OverrideRow(override, madeBy: who, madeAt: when)
            try row.insert(db)
            return row.id ?? db.lastInsertedRowID
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
            var request = OverrideRow.all()
            if let uid { request = request.filter(OverrideRow.Columns.uid == uid) }
            return try request.order(OverrideRow.Columns.id).fetchAll(db).map { try $0.entry() }
        }
    }
}
