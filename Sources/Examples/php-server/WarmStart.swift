import CGIBridge
import SnapshotStore
import WasmVM

/// Why a warm tenant could not start.
struct WarmStartError: Error, CustomStringConvertible {
    var description: String
}

/// Starts a warm (`WasmSnapshot On`) tenant: its guest's start-up runs once, here, and every request restores a
/// fresh instance from the snapshot taken right after it.
///
/// Why: a cold PHP request spends most of its time before the script's first line (instantiating php-cgi,
/// running its start-up: ini parsing, extension registration, interned strings). A snapshot makes that a memory
/// copy-on-write mapping. Requests stay isolated by construction: each one gets its own instance from the same
/// immutable snapshot, so nothing one request does is visible to the next.
///
/// With a ``SnapshotStore`` the snapshot is reused across restarts and by other processes, keyed by the module's
/// SHA-256 and ``SnapshotKey`` (everything the start-up could have observed). The store is a cache, never a
/// requirement: if it cannot be read or written, or holds a snapshot that no longer fits, the tenant builds its
/// snapshot itself and says so in the start-up log.
enum WarmStart {
    struct Outcome {
        var application: CGIApplication
        /// What happened, for the start-up log: "snapshot built in 95 ms (3.1 MiB), saved to ..." and the like.
        var report: String
    }

    static func application(module: Module, configuration: CGIConfiguration, location: LocationConfiguration,
                            store: SnapshotStore?) throws(WarmStartError) -> Outcome {
        let initializer = location.snapshotInitializer
        let handler = location.effectiveEntryPoint
        let key = SnapshotKey.configurationHash(configuration, initializer: initializer, handler: handler)
        let storeName = location.snapshotStorePath ?? "the store"
        var notes: [String] = []

        if let store {
            let start = ContinuousClock.now
            do {
                if let snapshot = try store.snapshot(moduleHash: module.sha256, configurationHash: key) {
                    do {
                        let application = try CGIApplication(module: module, snapshot: snapshot,
                                                              configuration: configuration, handle: handler)
                        return Outcome(application: application,
                                       report: "snapshot (\(size(snapshot))) loaded from \(storeName) in "
                                           + milliseconds(ContinuousClock.now - start))
                    } catch {
                        notes.append("the stored snapshot does not fit (\(error)); rebuilt")
                        try? store.remove(moduleHash: module.sha256, configurationHash: key)
                    }
                }
            } catch {
                notes.append("cannot read \(storeName) (\(error))")
            }
        }

        let start = ContinuousClock.now
        let application: CGIApplication
        do {
            application = try CGIApplication.warm(module: module, configuration: configuration,
                                                  initialize: initializer, handle: handler)
        } catch {
            var reason = "\(error)"
            while reason.last?.isNewline == true { reason.removeLast() }  // the guest's log ends in a newline
            throw WarmStartError(description: "\(initializer) → snapshot failed: \(reason)")
        }
        let elapsed = ContinuousClock.now - start
        var report = "snapshot built in \(milliseconds(elapsed))"
        if let snapshot = application.snapshot {
            report += " (\(size(snapshot)))"
            if let store {
                do {
                    try store.put(snapshot, moduleHash: module.sha256, configurationHash: key)
                    report += ", saved to \(storeName)"
                } catch {
                    notes.append("not saved to \(storeName): \(error)")
                }
            }
        }
        return Outcome(application: application, report: ([report] + notes).joined(separator: "; "))
    }

    private static func size(_ snapshot: Snapshot) -> String {
        let mebibytes = Double(snapshot.bytes.count) / 1_048_576
        return mebibytes >= 1 ? "\((mebibytes * 10).rounded() / 10) MiB" : "\(snapshot.bytes.count / 1024) KiB"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return "\(Int(value.rounded())) ms"
    }
}
