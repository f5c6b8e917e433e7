import WASI

/// Translates host paths into the names the guest knows them by (mod_wasm's `WasmMapCGIFileNames`).
///
/// The guest cannot open `/srv/site/index.php`; it can open `/app/index.php` if `/srv/site` is preopened as
/// `/app`. When several preopens contain the path, the deepest host directory wins, since that is the one whose
/// capabilities (e.g. read-write) were granted most specifically.
struct GuestPathMapper: Sendable {
    let preopens: [WASIPreopen]

    func guestPath(forHostPath hostPath: String) -> String? {
        var best: (hostLength: Int, guest: String)?
        for preopen in preopens {
            let host = preopen.hostPath.count > 1 && preopen.hostPath.hasSuffix("/")
                ? String(preopen.hostPath.dropLast()) : preopen.hostPath
            guard HostPath.isInside(hostPath, directory: host) else { continue }
            guard best == nil || host.count > best!.hostLength else { continue }
            let rest = host == "/" ? String(hostPath.dropFirst()) : String(hostPath.dropFirst(host.count + 1))
            var guest = preopen.guestPath
            if rest.isEmpty {
                // The directory itself.
            } else if guest.hasSuffix("/") {
                guest += rest
            } else {
                guest += "/" + rest
            }
            best = (host.count, guest)
        }
        return best?.guest
    }
}
