import CSQLite

/// The row a statement is on, read by column name or index into the type the context
/// asks for: `let forum: String = try row["forum"]`. Only valid inside the closure it is
/// given to; reading a NULL into a non-optional, or text into a number, throws.
struct SQLiteRow {
    private let statement: SQLiteStatement

    init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    /// The column at `index` (from 0).
    subscript<Value: SQLiteValueConvertible>(_ index: Int) -> Value {
        get throws {
            guard index >= 0, index < statement.columnCount else {
                throw SQLiteError(extendedCode: SQLITE_RANGE, message: "no column \(index) in \"\(statement.sql)\"")
            }
            return try decode(Int32(index))
        }
    }

    /// The column named `name` (its `AS` name, or as the query wrote it).
    subscript<Value: SQLiteValueConvertible>(_ name: String) -> Value {
        get throws {
            guard let index = statement.columnIndex(name) else {
                throw SQLiteError(extendedCode: SQLITE_RANGE, message: "no column \(name) in \"\(statement.sql)\"")
            }
            return try decode(index)
        }
    }

    private func decode<Value: SQLiteValueConvertible>(_ index: Int32) throws -> Value {
        let stored = statement.value(at: index)
        guard let value = Value(sqliteValue: stored) else {
            throw SQLiteError(
                extendedCode: SQLITE_MISMATCH,
                message: "column \(statement.columnName(index)) holds \(stored.storageClass), not \(Value.self)")
        }
        return value
    }
}

extension SQLiteValue {
    /// The storage class's name, as SQL's `typeof()` gives it.
    var storageClass: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        }
    }
}
