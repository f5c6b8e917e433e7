import CGIBridge
import Foundation
import WASI
import WasmVM

/// Warm: `CGIApplication.warm` with php-cgi-warm.wasm. PHP's start-up (`wasmvm_init`) runs once, here, and is
/// snapshotted; every request restores a fresh copy-on-write instance of that snapshot and runs only the
/// request (`wasmvm_handle`). Same requests, same response mapping as cold: only how the instance comes to be
/// differs.
struct WarmMode: RequestMode {
    let name = "warm (wasm)"
    let application: CGIApplication
    /// What building the snapshot cost (PHP's start-up once, plus the capture), for the notes.
    let startUp: Duration
    /// For ``restoreOnly()``: the same template and WASI state the application restores per request.
    private let template: SnapshotTemplate
    private let wasiState: SnapshotExtension
    private let preopens: [WASIPreopen]

    /// Builds the warm application, or says why there is none (never a stand-in under this name).
    static func make(modulePath: String, documentRoot: String) -> Result<WarmMode, WarmUnavailable> {
        guard let data = FileManager.default.contents(atPath: modulePath) else {
            return .failure(WarmUnavailable(reason: "\(modulePath) does not exist yet (the warm guest is not built)"))
        }
        let module: Module
        do { module = try Module(bytes: Array(data)) } catch {
            return .failure(WarmUnavailable(reason: "\(modulePath): \(error)"))
        }
        let preopens = [WASIPreopen(hostPath: documentRoot, guestPath: "/var/www", access: .readOnly)]
        let configuration = CGIConfiguration(preopens: preopens)
        do {
            let (application, startUp) = try measure { () throws(CGIWarmStartError) in
                try CGIApplication.warm(module: module, configuration: configuration)
            }
            guard let snapshot = application.snapshot,
                  let template = try? SnapshotTemplate(snapshot, module: module),
                  let state = template.extension(named: WASIContext.snapshotExtensionName) else {
                return .failure(WarmUnavailable(reason: "the warm application has no usable snapshot"))
            }
            return .success(WarmMode(application: application, startUp: startUp, template: template,
                                     wasiState: SnapshotExtension(name: WASIContext.snapshotExtensionName, bytes: state),
                                     preopens: preopens))
        } catch {
            return .failure(WarmUnavailable(reason: "CGIApplication.warm failed: \(error)"))
        }
    }

    func run(script: String) -> RequestOutcome {
        let response = application.handle(ColdMode.request(for: script))
        return RequestOutcome(status: response.status, body: response.body)
    }

    /// Only the host-side part of a warm request: a WASI context restored for a request's world and the instance
    /// restored from the template, without calling `wasmvm_handle`. This is the cost warm start itself puts on a
    /// request (the rest of a warm request is PHP's own per-request work inside the guest).
    func restoreOnly() -> Bool {
        let configuration = WASIConfiguration(
            arguments: ["cgi"], environment: [("REQUEST_METHOD", "GET")], preopens: preopens,
            stdin: .bytes([]), stdout: .buffer(WASIOutputBuffer()), stderr: .buffer(WASIOutputBuffer()))
        guard let context = try? WASIContext(restoring: wasiState, configuration: configuration) else { return false }
        var imports = Imports()
        context.define(into: &imports)
        return (try? Store().restore(template, imports: imports)) != nil
    }
}

struct WarmUnavailable: Error {
    var reason: String
}
