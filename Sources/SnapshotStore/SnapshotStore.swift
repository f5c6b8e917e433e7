import CSQLite
import Synchronization
import WasmVM

/// A snapshot cache on SQLite, shared by the processes of a server.
///
/// Entries are keyed by the module's SHA-256 and a hash of the configuration the snapshot was taken under
/// (for example the WASI arguments, environment and preopens, or the PHP ini), plus the snapshot format and
/// engine versions, so engines of different builds sharing a database never see each other's entries.
///
/// Safety against crashes and concurrent writers:
/// - The database runs in WAL mode: readers never block the writer and the writer never blocks readers, which
///   suits many worker processes that mostly read. A busy timeout makes a writer wait for another instead of
///   failing.
/// - A write is one `BEGIN IMMEDIATE … COMMIT` transaction. A process killed in the middle (even `kill -9`)
///   leaves no entry: SQLite discards an uncommitted transaction when the next connection opens the database.
/// - Every entry carries the SHA-256 of its bytes (the snapshot file's own trailer digest), recomputed and
///   checked on every read together with the snapshot's header. An entry that fails is deleted and reported as absent, so the caller
///   rebuilds it; a damaged entry is never returned.
///
/// ```swift
/// let cache = try SnapshotStore(path: "/var/cache/app/snapshots.sqlite")
/// if let template = try cache.template(for: module, configurationHash: config) { ... }
/// else { try cache.put(try instance.snapshot(), moduleHash: module.sha256, configurationHash: config) }
/// ```
public final class SnapshotStore: @unchecked Sendable {
    // @unchecked: the connection is only used while holding `lock`.
    private let connection: SQLiteConnection
    private let lock = Mutex<Void>(())

    /// Opens (creating if needed) the store at `path`.
    public init(path: String, busyTimeout: Duration = .seconds(10)) throws(SnapshotStoreError) {
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: Int32(clamping: milliseconds))
        try connection.execute("PRAGMA journal_mode=WAL")
        // In WAL mode, NORMAL loses no committed transaction when a process dies (only on power loss may
        // the latest commits roll back), and it saves an fsync per write.
        try connection.execute("PRAGMA synchronous=NORMAL")
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS snapshots (
                module_hash BLOB NOT NULL,
                configuration_hash BLOB NOT NULL,
                format_version INTEGER NOT NULL,
                engine_version INTEGER NOT NULL,
                byte_count INTEGER NOT NULL,
                checksum BLOB NOT NULL,
                data BLOB NOT NULL,
                created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                PRIMARY KEY (module_hash, configuration_hash, format_version, engine_version)
            )
            """)
    }

    /// Stores (or replaces) the snapshot for a module and configuration, atomically.
    /// The snapshot is verified first, so a damaged snapshot is never stored.
    public func put(_ snapshot: Snapshot, moduleHash: [UInt8], configurationHash: [UInt8]) throws(SnapshotStoreError) {
        let header: SnapshotHeader
        do { header = try snapshot.verifiedHeader() } catch {
            throw SnapshotStoreError(code: -1, message: "refusing to store a bad snapshot: \(error)")
        }
        guard header.moduleHash == moduleHash else {
            throw SnapshotStoreError(code: -1, message: "the snapshot is not of module \(SHA256.hexString(moduleHash))")
        }
        let checksum = Self.checksum(of: snapshot)
        try lock.withLock { _ throws(SnapshotStoreError) in
            try connection.transaction { () throws(SnapshotStoreError) in
                let statement = try connection.prepare("""
                    INSERT OR REPLACE INTO snapshots
                        (module_hash, configuration_hash, format_version, engine_version, byte_count, checksum, data)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """)
                try statement.bind(1, moduleHash)
                try statement.bind(2, configurationHash)
                try statement.bind(3, Int64(SnapshotFormat.formatVersion))
                try statement.bind(4, Int64(SnapshotFormat.engineVersion))
                try statement.bind(5, Int64(snapshot.bytes.count))
                try statement.bind(6, checksum)
                try statement.bind(7, snapshot.bytes)
                _ = try statement.step()
            }
        }
    }

    /// The verified snapshot for a module and configuration, or nil if there is none (or it was damaged: then
    /// it is deleted).
    public func snapshot(moduleHash: [UInt8], configurationHash: [UInt8]) throws(SnapshotStoreError) -> Snapshot? {
        try lock.withLock { _ throws(SnapshotStoreError) -> Snapshot? in
            let statement = try connection.prepare("""
                SELECT byte_count, checksum, data FROM snapshots
                WHERE module_hash = ?1 AND configuration_hash = ?2 AND format_version = ?3 AND engine_version = ?4
                """)
            try statement.bind(1, moduleHash)
            try statement.bind(2, configurationHash)
            try statement.bind(3, Int64(SnapshotFormat.formatVersion))
            try statement.bind(4, Int64(SnapshotFormat.engineVersion))
            guard try statement.step() else { return nil }
            let byteCount = statement.int64(0)
            let checksum = statement.blob(1)
            let snapshot = Snapshot(bytes: statement.blob(2))
            statement.reset()
            if Self.isIntact(snapshot, byteCount: byteCount, checksum: checksum, moduleHash: moduleHash) { return snapshot }
            try deleteDamaged(moduleHash: moduleHash, configurationHash: configurationHash, checksum: checksum)
            return nil
        }
    }

    /// A template for `module` from the stored snapshot, or nil if there is none usable. A stored snapshot that
    /// fails to decode is deleted, like a damaged one.
    public func template(for module: Module, configurationHash: [UInt8]) throws(SnapshotStoreError) -> SnapshotTemplate? {
        let moduleHash = module.sha256
        guard let snapshot = try snapshot(moduleHash: moduleHash, configurationHash: configurationHash) else { return nil }
        do {
            return try SnapshotTemplate(snapshot, module: module)
        } catch {
            switch error {
            case .resourceExhausted(let message): throw SnapshotStoreError(code: -1, message: message)
            default:
                try remove(moduleHash: moduleHash, configurationHash: configurationHash)
                return nil
            }
        }
    }

    /// Deletes the entry for a module and configuration, if any.
    public func remove(moduleHash: [UInt8], configurationHash: [UInt8]) throws(SnapshotStoreError) {
        try lock.withLock { _ throws(SnapshotStoreError) in
            let statement = try connection.prepare("""
                DELETE FROM snapshots WHERE module_hash = ?1 AND configuration_hash = ?2
                    AND format_version = ?3 AND engine_version = ?4
                """)
            try statement.bind(1, moduleHash)
            try statement.bind(2, configurationHash)
            try statement.bind(3, Int64(SnapshotFormat.formatVersion))
            try statement.bind(4, Int64(SnapshotFormat.engineVersion))
            _ = try statement.step()
        }
    }

    /// Number of entries (of any version).
    public func count() throws(SnapshotStoreError) -> Int {
        try lock.withLock { _ throws(SnapshotStoreError) -> Int in
            let statement = try connection.prepare("SELECT count(*) FROM snapshots")
            _ = try statement.step()
            return Int(statement.int64(0))
        }
    }

    /// The checksum column: the SHA-256 of the snapshot file without its trailer, i.e. the trailer itself.
    ///
    /// Storing the digest the snapshot already carries means a read verifies the blob with one SHA-256 pass
    /// (`verifiedHeader` recomputes it over the bytes read back) instead of two.
    private static func checksum(of snapshot: Snapshot) -> [UInt8] { Array(snapshot.bytes.suffix(32)) }

    /// The entry's size and checksum against the bytes read back (a full SHA-256 recomputation, in
    /// `verifiedHeader`), then the snapshot's header and module identity.
    private static func isIntact(_ snapshot: Snapshot, byteCount: Int64, checksum: [UInt8], moduleHash: [UInt8]) -> Bool {
        guard Int64(snapshot.bytes.count) == byteCount, Self.checksum(of: snapshot) == checksum else { return false }
        guard let header = try? snapshot.verifiedHeader() else { return false }
        return header.moduleHash == moduleHash
    }

    /// Deletes a damaged entry, unless another process has replaced it meanwhile (its checksum differs).
    private func deleteDamaged(moduleHash: [UInt8], configurationHash: [UInt8], checksum: [UInt8]) throws(SnapshotStoreError) {
        try connection.transaction { () throws(SnapshotStoreError) in
            let statement = try connection.prepare("""
                DELETE FROM snapshots WHERE module_hash = ?1 AND configuration_hash = ?2
                    AND format_version = ?3 AND engine_version = ?4 AND checksum = ?5
                """)
            try statement.bind(1, moduleHash)
            try statement.bind(2, configurationHash)
            try statement.bind(3, Int64(SnapshotFormat.formatVersion))
            try statement.bind(4, Int64(SnapshotFormat.engineVersion))
            try statement.bind(5, checksum)
            _ = try statement.step()
        }
    }
}
