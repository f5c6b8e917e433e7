import CGIBridge
import WASI
import WasmVM

/// Runs a location whose module is not a CGI program (`WasmEnableCGI Off`), like mod_wasm without CGI: the guest
/// gets only its configured arguments (`argv[0]` first), environment and preopens, the request body on stdin, and whatever it
/// writes to stdout becomes the body of a `200 text/plain` response. `WasmEntryPoint` picks the function to run.
struct PlainWASIRunner: Sendable {
    let module: Module
    let configuration: CGIConfiguration
    let entryPoint: String

    func handle(_ request: CGIRequest) -> CGIResponse {
        let stdout = WASIOutputBuffer(limit: configuration.limits.outputBytes)
        let stderr = WASIOutputBuffer(limit: 1 << 20)
        let wasi = WASIConfiguration(
            arguments: configuration.arguments,
            environment: configuration.environment, preopens: configuration.preopens,
            stdin: .bytes(request.body), stdout: .buffer(stdout), stderr: .buffer(stderr))
        let store = Store()
        store.fuel = configuration.limits.fuel
        store.memoryPageLimit = configuration.limits.memoryPages
        if let timeout = configuration.limits.timeout { store.deadline = .now + timeout }
        defer {
            let errors = stderr.text
            if !errors.isEmpty { configuration.log?("guest stderr: \(errors)") }
        }
        do {
            let context = try WASIContext(wasi)
            let result = try context.run(module, in: store, invoking: entryPoint == "_start" ? nil : entryPoint)
            if result.exitCode != 0 { configuration.log?("guest exited with status \(result.exitCode)") }
            return CGIResponse(status: result.exitCode == 0 ? 200 : 500,
                               headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
                               body: stdout.bytes)
        } catch {
            configuration.log?("guest failed: \(error)")
            return CGIResponse(status: 500, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
                               body: Array("500 Internal Server Error\n".utf8))
        }
    }
}
