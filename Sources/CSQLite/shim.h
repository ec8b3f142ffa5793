#ifndef CONVENE_CSQLITE_SHIM_H
#define CONVENE_CSQLITE_SHIM_H
// The system's SQLite, for the ledger (ConveneStore). Two things Swift cannot call as
// they stand are wrapped here: SQLITE_TRANSIENT is a cast in a macro, and
// sqlite3_db_config is variadic.
#include <sqlite3.h>

/// UTF-8 text, copied by SQLite before it returns (SQLITE_TRANSIENT); SQLITE_TOOBIG past
/// its limit. An empty string may come with no pointer: it is bound as '', not as NULL.
static inline int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, sqlite3_uint64 length) {
    return sqlite3_bind_text64(statement, index, text ? text : "", length, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/// Bytes, copied as the text is; an empty blob is a zero-length blob, not NULL.
static inline int csqlite_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, sqlite3_uint64 length) {
    if (length == 0) return sqlite3_bind_zeroblob(statement, index, 0);
    return sqlite3_bind_blob64(statement, index, bytes, length, SQLITE_TRANSIENT);
}

/// Double-quoted strings are identifiers only, in statements and in the schema: a
/// misspelt "column" is an error rather than a string literal.
static inline int csqlite_disable_double_quoted_strings(sqlite3 *connection) {
    int code = sqlite3_db_config(connection, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (code != SQLITE_OK) return code;
    return sqlite3_db_config(connection, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}
#endif
