/// Why a snapshot could not be taken, read or restored.
///
/// Every way a snapshot file can be wrong has its own case, so a caller (for example a snapshot cache) can tell
/// "stale, rebuild it" (``moduleMismatch``, ``engineVersionMismatch``, ``unsupportedFormatVersion``) from
/// "damaged" (``truncated``, ``checksumMismatch``, ``corrupt``). A damaged or mismatched file is always
/// rejected before anything is restored from it.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    // Capture
    /// The instance holds state a snapshot cannot represent (an imported memory, a reference to a function of
    /// another instance, ...). The message names it.
    case notCapturable(String)
    /// The instance is in the middle of a call (a host function called from Wasm is running).
    case notQuiescent

    // Reading
    /// The bytes do not start with the snapshot magic: this is not a snapshot file.
    case notASnapshot
    /// The file was written in a format version this engine does not read.
    case unsupportedFormatVersion(found: UInt32, supported: UInt32)
    /// The file is shorter (or longer) than its header says.
    case truncated(expectedBytes: Int, actualBytes: Int)
    /// The file's checksum does not match its contents.
    case checksumMismatch
    /// The checksum matched but the contents do not decode (a bug or a forged file).
    case corrupt(String)
    /// The snapshot was written by an engine whose runtime layout differs from this one.
    case engineVersionMismatch(found: UInt32, expected: UInt32)
    /// The snapshot belongs to another module (SHA-256 digests in hexadecimal).
    case moduleMismatch(snapshotModule: String, givenModule: String)

    // Restoring
    /// The imports given to restore do not fit the module or the snapshot.
    case unlinkable(String)
    /// Memory or address space could not be obtained.
    case resourceExhausted(String)
    /// A captured memory is larger than the restoring store's ``Store/memoryPageLimit`` (in pages).
    case memoryLimitExceeded(memoryIndex: Int, pages: Int, limit: Int)

    public var description: String {
        switch self {
        case .notCapturable(let m): "cannot snapshot instance: \(m)"
        case .notQuiescent: "cannot snapshot an instance while a call is in progress"
        case .notASnapshot: "not a WasmVM snapshot (bad magic)"
        case .unsupportedFormatVersion(let found, let supported):
            "snapshot format version \(found) is not supported (this engine reads version \(supported))"
        case .truncated(let expected, let actual): "snapshot is truncated: expected \(expected) bytes, got \(actual)"
        case .checksumMismatch: "snapshot checksum mismatch: the file is corrupted"
        case .corrupt(let m): "snapshot is corrupt: \(m)"
        case .engineVersionMismatch(let found, let expected):
            "snapshot was written by engine version \(found), this engine is version \(expected)"
        case .moduleMismatch(let snapshotModule, let givenModule):
            "snapshot is of module sha256:\(snapshotModule), not of the given module sha256:\(givenModule)"
        case .unlinkable(let m): "cannot restore snapshot: \(m)"
        case .resourceExhausted(let m): "cannot restore snapshot: \(m)"
        case .memoryLimitExceeded(let index, let pages, let limit):
            "cannot restore snapshot: memory \(index) holds \(pages) pages, more than the store's memoryPageLimit of "
                + "\(limit) pages"
        }
    }
}
