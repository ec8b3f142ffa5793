/// Where one notification stands in the ledger, on its way to a forum's spool.
public enum LedgerState: String, CaseIterable, Hashable, Sendable {
    /// Decided: the message is in the forum's `tmp/` and is moved to `new/` next. After a
    /// crash in between, recovery finishes the move (or finds it done).
    case committed
    /// In the forum's `new/` folder, where the forum picks it up.
    case done
    /// Overtaken by a later notification before it was due to go out; never written.
    case superseded
}

/// Stored as its name.
extension LedgerState: SQLiteValueConvertible {}
