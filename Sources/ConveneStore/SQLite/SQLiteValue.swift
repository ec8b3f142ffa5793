/// A value as SQLite stores it: one of its five storage classes.
enum SQLiteValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    /// UTF-8 text.
    case text(String)
    case blob([UInt8])
}

/// A Swift type that binds to a statement's parameter and reads back from a column.
///
/// Reading is strict where a mistake would go unnoticed (text is not an integer, 2.5 is
/// not 2), and lenient where nothing is lost (an integer is a `Double`, a whole `Double`
/// is an integer). The ledger itself stores only integers and text.
protocol SQLiteValueConvertible {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
    /// The value read from `sqliteValue`, or nil if it does not hold one of this type.
    init?(sqliteValue: SQLiteValue)
}

extension SQLiteValue: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { self }
    init?(sqliteValue: SQLiteValue) { self = sqliteValue }
}

extension Int64: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self) }

    init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case let .integer(value): self = value
        case let .real(value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension Int: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }

    init?(sqliteValue: SQLiteValue) {
        guard let value = Int64(sqliteValue: sqliteValue) else { return nil }
        self.init(exactly: value)
    }
}

extension Double: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .real(self) }

    init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case let .real(value): self = value
        case let .integer(value): self.init(value)
        default: return nil
        }
    }
}

/// Stored as 0 or 1; any other number reads as true, as in SQL.
extension Bool: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }

    init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case let .integer(value): self = value != 0
        case let .real(value): self = value != 0
        default: return nil
        }
    }
}

extension String: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .text(self) }

    /// Text, or a blob that holds valid UTF-8.
    init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case let .text(value): self = value
        case let .blob(bytes): self.init(validating: bytes, as: UTF8.self)
        default: return nil
        }
    }
}

/// Bytes, stored as a blob.
extension [UInt8]: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .blob(self) }

    /// A blob, or text as its UTF-8 bytes.
    init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case let .blob(bytes): self = bytes
        case let .text(text): self = Array(text.utf8)
        default: return nil
        }
    }
}

/// NULL is nil; any other value must be a `Wrapped`.
extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { map(\.sqliteValue) ?? .null }

    init?(sqliteValue: SQLiteValue) {
        if case .null = sqliteValue {
            self = .none
        } else if let value = Wrapped(sqliteValue: sqliteValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}

/// An enumeration stored as its raw value (`LedgerState` as its name).
extension SQLiteValueConvertible where Self: RawRepresentable, RawValue: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { rawValue.sqliteValue }

    init?(sqliteValue: SQLiteValue) {
        guard let rawValue = RawValue(sqliteValue: sqliteValue) else { return nil }
        self.init(rawValue: rawValue)
    }
}
