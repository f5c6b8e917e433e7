/// A host directory made visible to the guest under a guest path (wasmtime's `--dir HOST::GUEST`, mod_wasm's
/// WasmMapDir).
///
/// The guest can reach only what lies beneath `hostPath`: every path it passes is resolved inside the directory
/// one component at a time, and nothing (`..`, absolute paths, symbolic links, hard links) leads out.
public struct WASIPreopen: Sendable, Hashable {
    public enum Access: Sendable, Hashable {
        /// The guest can read and list, but never write, create, truncate, rename, link, unlink, make or remove
        /// directories, or change times, through this directory or anything opened from it.
        case readOnly
        case readWrite
    }

    public var hostPath: String
    /// The name the guest sees (wasi-libc maps its absolute paths onto the preopen with the longest matching name).
    public var guestPath: String
    public var access: Access

    public init(hostPath: String, guestPath: String? = nil, access: Access = .readWrite) {
        self.hostPath = hostPath
        self.guestPath = guestPath ?? hostPath
        self.access = access
    }
}
