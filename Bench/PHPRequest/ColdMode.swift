import CGIBridge
import WASI
import WasmVM

/// Cold: `CGIApplication.handle` with php-cgi.wasm, a fresh instance and PHP's whole start-up (module init,
/// ini parsing, extension start-up) on every request. This is mod_wasm's model and php-server's default.
///
/// The module is decoded once, outside the timing, as a server does at start; the first run of each script
/// (discarded by the caller) translates the functions PHP's start-up touches, which every later request reuses.
struct ColdMode: RequestMode {
    let name = "cold (wasm)"
    let application: CGIApplication

    init(module: Module, documentRoot: String) {
        let configuration = CGIConfiguration(
            preopens: [WASIPreopen(hostPath: documentRoot, guestPath: "/var/www", access: .readOnly)])
        application = CGIApplication(module: module, configuration: configuration)
    }

    func run(script: String) -> RequestOutcome {
        let response = application.handle(Self.request(for: script))
        return RequestOutcome(status: response.status, body: response.body)
    }

    /// The request both Wasm modes serve: a plain GET of the script, as php-server would route it.
    static func request(for script: String) -> CGIRequest {
        CGIRequest(method: "GET", uri: "/" + script, documentRoot: "/var/www",
                   scriptFilename: "/var/www/" + script, scriptName: "/" + script)
    }
}
