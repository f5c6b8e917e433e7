import CSQLite

/// A thin wrapper over one SQLite connection: prepare, bind, step, with errors as ``SnapshotStoreError``.
///
/// Not thread-safe by itself; ``SnapshotStore`` serialises access with a lock.
final class SQLiteConnection {
    let handle: OpaquePointer

    init(path: String, busyTimeoutMilliseconds: Int32) throws(SnapshotStoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            throw SnapshotStoreError(code: status, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        // Waiting on a lock held by another process, instead of failing at once with SQLITE_BUSY.
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ code: Int32, _ context: String) -> SnapshotStoreError {
        SnapshotStoreError(code: code, message: "\(context): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// Runs SQL with no parameters and no result rows needed.
    func execute(_ sql: String) throws(SnapshotStoreError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw error(status, sql) }
    }

    func prepare(_ sql: String) throws(SnapshotStoreError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, "prepare \(sql)") }
        return SQLiteStatement(statement: statement, connection: self)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    /// A process killed inside leaves nothing: SQLite ignores an uncommitted transaction on recovery.
    func transaction<R>(_ body: () throws(SnapshotStoreError) -> R) throws(SnapshotStoreError) -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// A prepared statement; finalized when released.
final class SQLiteStatement {
    let statement: OpaquePointer
    let connection: SQLiteConnection

    init(statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ index: Int32, _ value: Int64) throws(SnapshotStoreError) {
        let status = sqlite3_bind_int64(statement, index, value)
        guard status == SQLITE_OK else { throw connection.error(status, "bind") }
    }

    /// Binds a blob, copied by SQLite (so the array need not outlive the call).
    func bind(_ index: Int32, _ bytes: [UInt8]) throws(SnapshotStoreError) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)  // SQLITE_TRANSIENT
        let status = bytes.withUnsafeBytes { buffer in
            // A non-null pointer even for an empty blob, so SQLite stores '' rather than NULL.
            sqlite3_bind_blob64(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(buffer.count), transient)
        }
        guard status == SQLITE_OK else { throw connection.error(status, "bind") }
    }

    /// Advances; true if a row is available.
    func step() throws(SnapshotStoreError) -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(status, "step")
        }
    }

    /// Ends the statement's read, so the connection can start a write transaction.
    func reset() { sqlite3_reset(statement) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
