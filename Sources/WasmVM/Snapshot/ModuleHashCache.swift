import Synchronization

/// Remembers each live module's SHA-256, so `module.sha256` is computed once per module rather than on every
/// snapshot, template and cache lookup (hashing a 15 MB php-cgi.wasm takes ~130 ms).
///
/// Entries hold the module weakly and are matched by identity: if a module is freed and another one is
/// allocated at the same address, the weak reference is nil (or a different object) and the digest is
/// computed afresh, so a stale digest is never returned.
final class ModuleHashCache: Sendable {
    static let shared = ModuleHashCache()

    private struct Entry {
        weak var module: Module?
        var digest: [UInt8]
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    func digest(of module: Module) -> [UInt8] {
        let key = ObjectIdentifier(module)
        if let digest = entries.withLock({ entries -> [UInt8]? in
            guard let entry = entries[key], entry.module === module else { return nil }
            return entry.digest
        }) {
            return digest
        }
        let digest = SHA256.hash(module.definition.bytes)   // outside the lock: it is the slow part
        entries.withLock { entries in
            entries = entries.filter { $0.value.module != nil }   // drop entries of freed modules
            entries[key] = Entry(module: module, digest: digest)
        }
        return digest
    }
}
