import CGIBridge
import WASI
import WasmVM

/// The configuration half of a snapshot's key in the ``SnapshotStore`` (the other half is the module's SHA-256).
///
/// A snapshot holds the guest's memory after its start-up function ran, and that start-up saw the tenant's
/// arguments, environment and directories (PHP reads its ini, resolves include paths and may open files then). A
/// snapshot taken under one configuration must therefore never be restored under another: two tenants that
/// differ in anything the guest could have observed get different keys. Every field is written with its length,
/// so no two different configurations serialise to the same bytes.
enum SnapshotKey {
    /// Bump when the set of hashed fields changes, so old entries are simply not found any more.
    static let version = "php-server snapshot key 1"

    static func configurationHash(_ configuration: CGIConfiguration, initializer: String, handler: String) -> [UInt8] {
        var hasher = SHA256()
        func field(_ text: String) {
            let bytes = Array(text.utf8)
            var length = UInt64(bytes.count).littleEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            hasher.update(bytes)
        }
        field(version)
        field("entry points"); field(initializer); field(handler)
        field("arguments \(configuration.arguments.count)")
        configuration.arguments.forEach(field)
        field("environment \(configuration.environment.count)")
        for variable in configuration.environment { field(variable.name); field(variable.value) }
        field("preopens \(configuration.preopens.count)")
        for preopen in configuration.preopens {
            field(preopen.guestPath); field(preopen.hostPath); field(preopen.access == .readOnly ? "ro" : "rw")
        }
        // The memory limit bounds what start-up may allocate; a snapshot taken without it could exceed it.
        field("memory pages \(configuration.limits.memoryPages.map(String.init) ?? "unlimited")")
        field("server software \(configuration.serverSoftware)")
        return hasher.finalize()
    }
}
