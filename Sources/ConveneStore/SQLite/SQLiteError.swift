import CSQLite

/// An error SQLite reported, or one this layer found in what SQLite returned (a value of
/// the wrong type, a migration that broke a foreign key), with SQLite's own words.
struct SQLiteError: Error, Hashable, Sendable {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_CHECK`, 275).
    let extendedCode: Int32
    /// What SQLite said (`sqlite3_errmsg`), or what this layer found.
    let message: String

    init(extendedCode: Int32, message: String) {
        self.extendedCode = extendedCode
        self.message = message
    }

    /// The error `code` left on `connection`, in its words; `sqlite3_errstr` when
    /// there is no connection (it could not be allocated).
    init(code: Int32, connection: OpaquePointer?) {
        self.extendedCode = connection.map(sqlite3_extended_errcode) ?? code
        let message = connection.flatMap(sqlite3_errmsg) ?? sqlite3_errstr(code)
        self.message = message.map { String(cString: $0) } ?? "unknown error"
    }

    /// The primary result code (`SQLITE_CONSTRAINT`, 19): the low byte of the extended one.
    var code: Int32 { extendedCode & 0xFF }
}

extension SQLiteError: CustomStringConvertible {
    /// "SQLite error 19: CHECK constraint failed: …", as GRDB worded it before: the
    /// primary code and the message, never the statement.
    var description: String { "SQLite error \(code): \(message)" }
}
