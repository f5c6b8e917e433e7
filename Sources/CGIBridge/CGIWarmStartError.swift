import WasmVM

/// Why a warm (snapshot) application could not be created.
public enum CGIWarmStartError: Error, Sendable, CustomStringConvertible {
    /// The module does not export a function of this name taking nothing and returning an `i32`.
    case missingExport(String)
    /// The start-up instance or its WASI context could not be created (a missing preopen, an unlinkable module).
    case setup(String)
    /// The start-up code trapped.
    case trapped(Trap)
    /// The init export returned (or the guest exited with) a non-zero status; `log` is what it wrote.
    case initializationFailed(status: UInt32, log: String)
    /// The snapshot could not be taken, or a stored one could not be read or does not fit the module.
    case snapshot(SnapshotError)
    /// The WASI state could not be captured, or the snapshot holds none.
    case wasiState(String)

    public var description: String {
        switch self {
        case .missingExport(let name): "the module exports no function `\(name)` of type () -> i32"
        case .setup(let reason): "cannot start the guest for its snapshot: \(reason)"
        case .trapped(let trap): "the guest trapped while starting up: \(trap)"
        case .initializationFailed(let status, let log):
            "the guest's start-up failed with status \(status)" + (log.isEmpty ? "" : ": \(log)")
        case .snapshot(let error): "\(error)"
        case .wasiState(let reason): "WASI state: \(reason)"
        }
    }
}
