import Foundation
import WASI

/// The configuration used when no `--config` is given: the bundled guestbook on `/`.
///
/// Its capabilities are deliberately narrow: the application's own files read-only at `/app`, and one writable
/// directory at `/data` for the SQLite database and the session files. The database gets its own top-level
/// preopen because SQLite probes parent directories, and a database below a nested preopen needs care.
enum DemoSite {
    /// `snapshotStore`: where warm start keeps its snapshot across restarts (nil: rebuilt at every start). It is
    /// dropped if it would lie inside the data directory, where the guest could read and rewrite it. (The app
    /// directory is inside the executable's resources, where no store is ever put.)
    static func configuration(dataDirectory: String, snapshotStore: String?) throws(ConfigurationError)
        -> LocationConfiguration {
        guard let appDirectory = bundledAppDirectory() else {
            throw ConfigurationError(file: "(built-in demo)", line: 0,
                                     message: "the bundled DemoApp resource directory is missing")
        }
        guard HostPath.makeDirectories(dataDirectory), let data = HostPath.canonical(dataDirectory) else {
            throw ConfigurationError(file: "(built-in demo)", line: 0,
                                     message: "cannot create the data directory \(dataDirectory)")
        }
        var location = LocationConfiguration(urlPrefix: "/", line: 0)
        location.documentRoot = appDirectory
        location.preopens = [
            WASIPreopen(hostPath: appDirectory, guestPath: "/app", access: .readOnly),
            WASIPreopen(hostPath: data, guestPath: "/data", access: .readWrite),
        ]
        location.environment = [(name: "GUESTBOOK_DATA", value: "/data"), (name: "TMPDIR", value: "/data")]
        location.serializeWrites = true
        location.timeout = .seconds(30)
        location.memoryPages = 4096  // 256 MiB
        if let snapshotStore {
            let directory = "/" + snapshotStore.split(separator: "/").dropLast().joined(separator: "/")
            if HostPath.makeDirectories(directory), let canonical = HostPath.canonical(directory),
               !HostPath.isInside(canonical, directory: data) {
                location.snapshotStorePath = (canonical == "/" ? "" : canonical) + "/"
                    + (snapshotStore.split(separator: "/").last.map(String.init) ?? "snapshots.sqlite")
            }
        }
        return location
    }

    /// `~/.cache/wasmvm/snapshots.sqlite`: beside the demo's data directory, never inside it.
    static var defaultSnapshotStore: String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/wasmvm/snapshots.sqlite" }
        return (environment["HOME"] ?? "/tmp") + "/.cache/wasmvm/snapshots.sqlite"
    }

    /// `~/.cache/wasmvm/demo` (or under `$XDG_CACHE_HOME`).
    static var defaultDataDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/wasmvm/demo" }
        return (environment["HOME"] ?? "/tmp") + "/.cache/wasmvm/demo"
    }

    private static func bundledAppDirectory() -> String? {
        if let url = Bundle.module.url(forResource: "DemoApp", withExtension: nil),
           let path = HostPath.canonical(url.path) {
            return path
        }
        return nil
    }
}
