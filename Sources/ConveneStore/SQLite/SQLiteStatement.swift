import CSQLite

/// One prepared SQL statement of a connection: bind its parameters, step through its
/// rows, and use it again. Finalized when the last reference goes; used by one thread
/// at a time, like its connection.
final class SQLiteStatement {
    /// The SQL as prepared (for errors and the statement cache).
    let sql: String
    private let handle: OpaquePointer
    /// Column name → index, made on the first lookup by name.
    private var columnIndexes: [String: Int32]?

    /// Prepares the first statement of `sql` on `connection`; anything after it is an
    /// error rather than silently left out.
    init(sql: String, connection: OpaquePointer) throws {
        var handle: OpaquePointer?
        // The rest of `sql` after the statement: only valid inside `withCString`.
        var rest = ""
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(connection, text, -1, &handle, &tail)
            if let tail { rest = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: connection) }
        guard let handle else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no statement in \"\(sql)\"")
        }
        guard rest.allSatisfy(\.isWhitespace) else {
            sqlite3_finalize(handle)
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "more than one statement in \"\(sql)\"")
        }
        self.sql = sql
        self.handle = handle
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: - Binding

    /// Resets the statement and binds `arguments` to its parameters in order (`?`, or
    /// `?1`, `?2` …, which may each be used more than once).
    func bind(_ arguments: [any SQLiteValueConvertible]) throws {
        reset()
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "\(arguments.count) arguments for \(expected) parameters in \"\(sql)\"")
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqliteValue, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the parameter at `index` (from 1).
    func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case let .integer(integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case let .real(real):
            code = sqlite3_bind_double(handle, index, real)
        case var .text(text):
            code = text.withUTF8 { bytes in
                csqlite_bind_text(handle, index, bytes.baseAddress, sqlite3_uint64(bytes.count))
            }
        case let .blob(bytes):
            code = bytes.withUnsafeBytes { bytes in
                csqlite_bind_blob(handle, index, bytes.baseAddress, sqlite3_uint64(bytes.count))
            }
        }
        guard code == SQLITE_OK else { throw error(code) }
    }

    // MARK: - Stepping

    /// Runs the statement to its next row: true while there is one to read.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            // The error is the step's; resetting only repeats it.
            let failure = error(code)
            sqlite3_reset(handle)
            throw failure
        }
    }

    /// Ready to run again from the start; the bindings stay until the next `bind`.
    func reset() {
        sqlite3_reset(handle)
    }

    /// Binds `arguments` and runs the statement to its end, for what it changes.
    func execute(_ arguments: [any SQLiteValueConvertible] = []) throws {
        try bind(arguments)
        while try step() {}
        reset()
    }

    /// Binds `arguments` and reads every row with `decode`.
    func rows<T>(_ arguments: [any SQLiteValueConvertible] = [], _ decode: (SQLiteRow) throws -> T) throws -> [T] {
        try bind(arguments)
        defer { reset() }
        var rows: [T] = []
        while try step() { rows.append(try decode(SQLiteRow(self))) }
        return rows
    }

    /// Binds `arguments` and reads the first row, if there is one, with `decode`.
    func firstRow<T>(_ arguments: [any SQLiteValueConvertible] = [], _ decode: (SQLiteRow) throws -> T) throws -> T? {
        try bind(arguments)
        defer { reset() }
        return try step() ? decode(SQLiteRow(self)) : nil
    }

    // MARK: - Columns

    /// How many columns each row has.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of the column at `index` (from 0): its `AS` name, or as the query wrote it.
    func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// The index of the column named `name` in each row, if there is one.
    func columnIndex(_ name: String) -> Int32? {
        if columnIndexes == nil {
            var indexes: [String: Int32] = [:]
            // The first of two columns with the same name, as SQLite's own lookup.
            for index in (0..<columnCount).reversed() { indexes[columnName(index)] = index }
            columnIndexes = indexes
        }
        return columnIndexes?[name]
    }

    /// The value in the current row's column at `index` (from 0).
    func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // The pointer first, then the length in bytes of what it points to.
            let text = sqlite3_column_text(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: text == nil ? 0 : count), as: UTF8.self))
        case SQLITE_BLOB:
            let bytes = sqlite3_column_blob(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? [])
        default:
            return .null
        }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, connection: sqlite3_db_handle(handle))
    }
}
